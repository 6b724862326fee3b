import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Saves and restores a convolutional run in `DIR/checkpoint`: the network and Adam/SGD
/// moments as a `ConvModelArchive` (moments prefixed `m_`, `v_`), and `state.json` (format
/// `marvdash-dynhp-conv-checkpoint`: config, counters, PRNG words and Doubles as exact bit
/// patterns, gate activity, the epoch's example order). Each save writes a new folder
/// `checkpoint.vN`, flushes it, and switches the `checkpoint` link to it with one atomic
/// rename, so a crash always leaves a complete checkpoint.
public struct ConvCheckpointStore: Sendable {
    public static let format = "marvdash-dynhp-conv-checkpoint"
    public var directory: String

    public init(outputDirectory: String) {
        directory = (outputDirectory as NSString).appendingPathComponent("checkpoint")
    }

    private var parent: String { (directory as NSString).deletingLastPathComponent }

    /// Whether a checkpoint of a convolutional run is there.
    public var exists: Bool { FileManager.default.fileExists(atPath: ModelArchive.path(directory, "state.json")) }

    public func save(_ state: ConvTrainerState) throws {
        try ModelArchive.createDirectory(parent)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        let versions = names.compactMap { $0.hasPrefix("checkpoint.v") ? Int($0.dropFirst("checkpoint.v".count)) : nil }
        let name = "checkpoint.v\((versions.max() ?? 0) + 1)"
        let folder = ModelArchive.path(parent, name)
        var extra: [(prefix: String, tensors: [ConvParams])] = [("m_", state.optimizer.first)]
        if !state.optimizer.second.isEmpty { extra.append(("v_", state.optimizer.second)) }
        try ConvModelArchive.write(state.network, to: folder, extra: extra)
        try DurableFile.write(NPYArray(state.permutation).encoded(), to: ModelArchive.path(folder, "permutation.npy"))
        let json: JSONObject = [
            "format": .string(Self.format), "version": 1, "run": .string(state.runID), "dataset": .string(state.dataset),
            "config": .object(state.config.json),
            "rng": .array(state.rng.state.map { .string(String($0, radix: 16)) }),
            "epoch": .int(state.epoch), "position": .int(state.position),
            "activity": .array(state.activity.map { a in .object(["counts": .array(a.activeCounts.map { .int($0) }), "observations": .int(a.observations)]) }),
            "batch_size": .int(state.batch.size), "batch_cap": .int(state.batch.cap), "optimizer_step": .int(state.optimizer.step),
            "epoch_loss": .string(CheckpointStore.bits(state.epochLoss)), "epoch_correct": .int(state.epochCorrect),
            "epoch_seen": .int(state.epochSeen), "epoch_steps": .int(state.epochSteps), "epoch_peak_batch": .int(state.epochPeakBatch),
            "memory_history": .array(state.memoryHistory.map { .int($0) }), "memory_total_bytes": .int(state.memoryTotalBytes),
            "last_report": state.lastReport.map { .object(CheckpointStore.encode($0)) } ?? .null,
        ]
        try DurableFile.write(Array((JSONValue.object(json).prettyJSONString() + "\n").utf8), to: ModelArchive.path(folder, "state.json"))
        try DurableFile.syncDirectory(folder)
        let link = directory + ".link"
        unlink(link)
        guard symlink(name, link) == 0, rename(link, directory) == 0 else {
            throw DynHPError("\(directory): cannot install the checkpoint (\(String(cString: strerror(errno)))); check the --out directory")
        }
        try DurableFile.syncDirectory(parent)
        for old in names where old.hasPrefix("checkpoint.v") && old != name { try? FileManager.default.removeItem(atPath: ModelArchive.path(parent, old)) }
    }

    public func load() throws -> ConvTrainerState {
        let statePath = ModelArchive.path(directory, "state.json")
        func bad(_ what: String) -> DatasetError {
            DatasetError(path: statePath, problem: what, hint: "delete the checkpoint folder and start again without --resume")
        }
        guard let bytes = try? LocalFile.read(statePath) else { throw bad("no checkpoint (run without --resume first, with the same --out)") }
        guard let json = (try? JSONValue.parse(bytes))?.objectValue else { throw bad("not JSON") }
        guard json["format"]?.stringValue == Self.format else { throw bad("not the checkpoint of a convolutional run (another --arch?)") }
        guard let configJSON = json["config"]?.objectValue, let config = DynHPConfig(json: configJSON),
              let runID = json["run"]?.stringValue, let dataset = json["dataset"]?.stringValue,
              let words = json["rng"]?.arrayValue?.compactMap({ $0.stringValue.flatMap { UInt64($0, radix: 16) } }),
              let rng = Xoshiro256(state: words), let epoch = json["epoch"]?.intValue, let position = json["position"]?.intValue,
              let activityJSON = json["activity"]?.arrayValue, let batchSize = json["batch_size"]?.intValue,
              let batchCap = json["batch_cap"]?.intValue, let step = json["optimizer_step"]?.intValue,
              let loss = json["epoch_loss"]?.stringValue.flatMap(CheckpointStore.double(bits:)),
              let correct = json["epoch_correct"]?.intValue, let seen = json["epoch_seen"]?.intValue,
              let steps = json["epoch_steps"]?.intValue, let peak = json["epoch_peak_batch"]?.intValue,
              let history = json["memory_history"]?.arrayValue?.compactMap(\.intValue),
              let total = json["memory_total_bytes"]?.intValue,
              epoch >= 0, position >= 0, batchSize >= 1, batchCap >= 1, step >= 0
        else { throw bad("missing or malformed fields") }
        let prefixes = config.optimizer == .adam ? ["m_", "v_"] : ["m_"]
        let (network, moments, _) = try ConvModelArchive.read(from: directory, prefixes: prefixes)
        let gated = network.gatedNodes
        var activity: [GateActivity] = []
        for (g, value) in activityJSON.enumerated() {
            guard g < gated.count, let o = value.objectValue, let counts = o["counts"]?.arrayValue?.compactMap(\.intValue),
                  let observations = o["observations"]?.intValue, counts.count == network.nodes[gated[g]].shape.channels
            else { throw bad("activity[\(g)] does not match the network") }
            activity.append(GateActivity(activeCounts: counts, observations: observations))
        }
        guard activity.count == gated.count else { throw bad("activity holds \(activity.count) layers for \(gated.count) gated convolutions") }
        guard let permutation = try NPYArray.read(from: ModelArchive.path(directory, "permutation.npy")).int32s,
              permutation.allSatisfy({ $0 >= 0 && Int($0) < max(1, permutation.count) }), position <= max(permutation.count, 0) || permutation.isEmpty
        else { throw bad("permutation.npy is not an example order") }
        var batch = DynamicBatchSize(size: 1, alpha: config.alphaBS, cap: batchCap)
        batch.size = batchSize
        return ConvTrainerState(
            runID: runID, dataset: dataset, config: config, network: network,
            optimizer: ConvOptimizer(kind: config.optimizer, momentum: Float(config.momentum), step: step,
                                     first: moments[0], second: moments.count > 1 ? moments[1] : []),
            rng: rng, epoch: epoch, position: position, permutation: permutation, activity: activity, batch: batch,
            epochLoss: loss, epochCorrect: correct, epochSeen: seen, epochSteps: steps, epochPeakBatch: peak,
            memoryHistory: history, memoryTotalBytes: total,
            lastReport: json["last_report"]?.objectValue.flatMap(CheckpointStore.decodeReport))
    }
}
