import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Saves and restores a trainer's whole state in `DIR/checkpoint/`: `state.json` (config,
/// counters, PRNG words and Doubles as exact hex bit patterns) plus NPY tensors for the
/// network (`w{l}`, `b{l}`, `log_alpha{l}`, `input_indices`), the optimiser moments
/// (`m_*`, `v_*`), the parameter average (`ema_*`, with `--ema`), the epoch's example
/// order (`permutation`) and gate counters (`activity{l}`).
///
/// Saving never leaves a moment without a complete checkpoint: each save writes a new
/// folder `checkpoint.vN` next to the old one and flushes it to disk, then `checkpoint`
/// — a symbolic link — is switched to it in one atomic rename, and only then is the old
/// folder removed. A crash at any point leaves `checkpoint` naming a complete state.
/// Loading goes through the link and validates every field before the trainer uses it.
public struct CheckpointStore: Sendable {
    /// `DIR/checkpoint`: the link to the current checkpoint folder (or, as written by
    /// older versions, the folder itself).
    public var directory: String

    public init(outputDirectory: String) {
        directory = (outputDirectory as NSString).appendingPathComponent("checkpoint")
    }

    /// Whether a complete checkpoint can be loaded.
    public var exists: Bool { currentFolder() != nil }

    private var parent: String { (directory as NSString).deletingLastPathComponent }
    private var baseName: String { (directory as NSString).lastPathComponent }

    /// The version number of a checkpoint folder's name (`checkpoint.v12` → 12).
    private func version(of name: String) -> Int? {
        let prefix = baseName + ".v"
        guard name.hasPrefix(prefix) else { return nil }
        return Int(name.dropFirst(prefix.count)).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// The versioned folders next to the link, newest first.
    private func versionedFolders() -> [(name: String, version: Int)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        return names.compactMap { name in version(of: name).map { (name, $0) } }.sorted { $0.version > $1.version }
    }

    /// The folder holding the complete checkpoint: where the link points (or the folder of
    /// an older version), else — after a crash while an older layout was being converted —
    /// the newest complete versioned folder.
    private func currentFolder() -> String? {
        if FileManager.default.fileExists(atPath: ModelArchive.path(directory, "state.json")) { return directory }
        for folder in versionedFolders() {
            let path = ModelArchive.path(parent, folder.name)
            if FileManager.default.fileExists(atPath: ModelArchive.path(path, "state.json")) { return path }
        }
        return nil
    }

    /// Writes `state` as the new checkpoint; the previous one stays complete until the
    /// switch, which is atomic.
    public func save(_ state: DynHPTrainerState) throws {
        try ModelArchive.createDirectory(parent)
        let linked = (try? FileManager.default.destinationOfSymbolicLink(atPath: directory)).flatMap(version(of:))
        let next = max(linked ?? 0, versionedFolders().first?.version ?? 0) + 1
        let folderName = "\(baseName).v\(next)"
        let folder = ModelArchive.path(parent, folderName)
        try? FileManager.default.removeItem(atPath: folder)
        try ModelArchive.createDirectory(folder)
        func put(_ array: NPYArray, _ name: String) throws { try DurableFile.write(array.encoded(), to: ModelArchive.path(folder, name + ".npy")) }
        for (l, layer) in state.model.layers.enumerated() {
            try putLayer(layer, prefix: "", l, put)
            try putLayer(state.optimizer.first[l], prefix: "m_", l, put)
            if !state.optimizer.second.isEmpty { try putLayer(state.optimizer.second[l], prefix: "v_", l, put) }
            if let average = state.average { try putLayer(average.layers[l], prefix: "ema_", l, put) }
            try put(NPYArray(state.activity[l].activeCounts.map { Int64($0) }), "activity\(l)")
        }
        try put(NPYArray(state.model.inputIndices.map { Int64($0) }), "input_indices")
        try put(NPYArray(state.permutation), "permutation")
        try DurableFile.write(Array((JSONValue.object(Self.stateJSON(state)).prettyJSONString() + "\n").utf8),
                              to: ModelArchive.path(folder, "state.json"))
        try DurableFile.syncDirectory(folder)
        try switchLink(to: folderName)
        try DurableFile.syncDirectory(parent)
        // The old folders (and leftovers of older versions' temporary folders) can go now.
        for old in versionedFolders() where old.name != folderName {
            try? FileManager.default.removeItem(atPath: ModelArchive.path(parent, old.name))
        }
        for leftover in [directory + ".tmp", directory + ".old"] { try? FileManager.default.removeItem(atPath: leftover) }
    }

    /// Points `checkpoint` at `folderName` with one rename of a new link over the old one.
    private func switchLink(to folderName: String) throws {
        let link = directory + ".link"
        unlink(link)
        guard symlink(folderName, link) == 0 else {
            throw DynHPError("\(link): cannot create a link (\(String(cString: strerror(errno)))); check the --out directory")
        }
        if rename(link, directory) == 0 { return }
        guard errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST else {
            throw DynHPError("\(directory): cannot install the checkpoint (\(String(cString: strerror(errno)))); check the --out directory")
        }
        // A folder written by an older version: it becomes version 0 first (a crash right
        // here leaves two complete versioned folders, and loading takes the newest).
        let legacy = ModelArchive.path(parent, "\(baseName).v0")
        try? FileManager.default.removeItem(atPath: legacy)
        guard rename(directory, legacy) == 0, rename(link, directory) == 0 else {
            throw DynHPError("\(directory): cannot install the checkpoint (\(String(cString: strerror(errno)))); check the --out directory")
        }
    }

    static func stateJSON(_ state: DynHPTrainerState) -> JSONObject {
        var json: JSONObject = [
            "format": "marvdash-dynhp-checkpoint", "version": 1,
            "run": .string(state.runID), "dataset": .string(state.dataset),
            "config": .object(state.config.json),
            "arch_initial": .array(state.model.initialWidths.map { .int($0) }),
            "arch": .array(state.model.widths.map { .int($0) }),
            "rng": .array(state.rng.state.map { .string(String($0, radix: 16)) }),
            "epoch": .int(state.epoch), "position": .int(state.position),
            "observations": .array(state.activity.map { .int($0.observations) }),
            "batch_size": .int(state.batch.size), "batch_cap": .int(state.batch.cap),
            "optimizer_step": .int(state.optimizer.step),
            "epoch_loss": .string(Self.bits(state.epochLoss)),
            "epoch_correct": .int(state.epochCorrect), "epoch_seen": .int(state.epochSeen),
            "epoch_steps": .int(state.epochSteps), "epoch_peak_batch": .int(state.epochPeakBatch),
            "memory_history": .array(state.memoryHistory.map { .int($0) }),
            "memory_total_bytes": .int(state.memoryTotalBytes),
        ]
        if let average = state.average { json["ema_steps"] = .int(average.steps) }
        json["gates_fixed"] = .bool(state.gatesFixed)
        // The rates of the last step (schedule, batch scaling and warm-up applied).
        json["optimizer_lr"] = .string(Self.bits(Double(state.optimizer.learningRate)))
        if let gate = state.optimizer.gateLearningRate { json["optimizer_gate_lr"] = .string(Self.bits(Double(gate))) }
        if let r = state.lastReport { json["last_report"] = .object(Self.encode(r)) }
        return json
    }

    private func putLayer(_ layer: GatedDenseLayer, prefix: String, _ l: Int, _ put: (NPYArray, String) throws -> Void) throws {
        try put(NPYArray(layer.weights, shape: [layer.inputs, layer.outputs]), "\(prefix)w\(l)")
        try put(NPYArray(layer.bias), "\(prefix)b\(l)")
        try put(NPYArray(layer.logAlpha), "\(prefix)log_alpha\(l)")
    }

    /// Reads the checkpoint back. Fields that could not have been written by a run (wrong
    /// shapes, indices outside the network, negative counters) are refused with one line;
    /// `DynHPTrainer(state:data:)` checks what depends on the data (`ModelCheck`).
    public func load() throws -> DynHPTrainerState {
        guard let folder = currentFolder() else {
            throw DatasetError(path: ModelArchive.path(directory, "state.json"), problem: "no checkpoint",
                               hint: "run without --resume first (with the same --out)")
        }
        let statePath = ModelArchive.path(folder, "state.json")
        func bad(_ what: String) -> DatasetError {
            DatasetError(path: statePath, problem: what, hint: "delete the checkpoint folder and start again without --resume")
        }
        let bytes: [UInt8]
        do {
            bytes = try LocalFile.read(statePath)
        } catch {
            throw bad("cannot read (\(error.detail))")
        }
        guard let json = (try? JSONValue.parse(Array(bytes)))?.objectValue,
              json["format"]?.stringValue == "marvdash-dynhp-checkpoint",
              let configJSON = json["config"]?.objectValue, let config = DynHPConfig(json: configJSON),
              let runID = json["run"]?.stringValue, let dataset = json["dataset"]?.stringValue,
              let initial = Self.ints(json["arch_initial"]), let arch = Self.ints(json["arch"]),
              let rngWords = json["rng"]?.arrayValue?.compactMap({ $0.stringValue.flatMap { UInt64($0, radix: 16) } }),
              let rng = Xoshiro256(state: rngWords),
              let epoch = json["epoch"]?.intValue, let position = json["position"]?.intValue,
              let observations = Self.ints(json["observations"]),
              let batchSize = json["batch_size"]?.intValue, let batchCap = json["batch_cap"]?.intValue,
              let step = json["optimizer_step"]?.intValue,
              let loss = json["epoch_loss"]?.stringValue.flatMap(Self.double(bits:)),
              let correct = json["epoch_correct"]?.intValue, let seen = json["epoch_seen"]?.intValue,
              let steps = json["epoch_steps"]?.intValue, let peak = json["epoch_peak_batch"]?.intValue,
              let history = Self.ints(json["memory_history"])
        else { throw bad("missing or malformed fields") }
        guard arch.count == initial.count, arch.count >= 2, arch.allSatisfy({ $0 > 0 }), initial.allSatisfy({ $0 > 0 }) else {
            throw bad("arch \(arch) and arch_initial \(initial) must list the same number (two or more) of positive widths")
        }
        guard observations.count == arch.count - 1 else { throw bad("observations holds \(observations.count) counts for \(arch.count - 1) layers") }
        func tensor(_ name: String) throws -> NPYArray { try NPYArray.read(from: ModelArchive.path(folder, name + ".npy")) }
        func layer(_ prefix: String, _ l: Int) throws -> GatedDenseLayer {
            guard let w = try tensor("\(prefix)w\(l)").floats, let b = try tensor("\(prefix)b\(l)").floats,
                  let la = try tensor("\(prefix)log_alpha\(l)").floats,
                  let layer = ModelCheck.layer(inputs: arch[l], outputs: arch[l + 1], weights: w, bias: b, logAlpha: la)
            else { throw bad("tensor \(prefix)w\(l)/b\(l)/log_alpha\(l) has the wrong type or shape for \(arch[l])x\(arch[l + 1])") }
            return layer
        }
        var layers: [GatedDenseLayer] = [], first: [GatedDenseLayer] = [], second: [GatedDenseLayer] = [], averaged: [GatedDenseLayer] = []
        var activity: [GateActivity] = []
        for l in 0..<(arch.count - 1) {
            layers.append(try layer("", l))
            first.append(try layer("m_", l))
            if config.optimizer == .adam { second.append(try layer("v_", l)) }
            if config.emaDecay > 0 { averaged.append(try layer("ema_", l)) }
            guard let counts = try tensor("activity\(l)").int64s, counts.count == arch[l] else { throw bad("activity\(l) has the wrong shape") }
            activity.append(GateActivity(activeCounts: counts.map { Int(clamping: $0) }, observations: observations[l]))
        }
        guard let indices = try tensor("input_indices").int64s?.map({ Int(clamping: $0) }),
              let permutation = try tensor("permutation").int32s else { throw bad("input_indices or permutation is not an integer tensor") }
        let model = GatedMLP(initialWidths: initial, inputIndices: indices, layers: layers)
        let lastRate = json["optimizer_lr"]?.stringValue.flatMap(Self.double(bits:)).map { Float($0) }
        let lastGateRate = json["optimizer_gate_lr"]?.stringValue.flatMap(Self.double(bits:)).map { Float($0) }
        let optimizer = OptimizerState(kind: config.optimizer, learningRate: lastRate ?? Float(config.learningRate),
                                       gateLearningRate: lastGateRate ?? config.gateLearningRate.map { Float($0) },
                                       momentum: Float(config.momentum), step: step, first: first, second: second)
        var average: ParameterAverage?
        if config.emaDecay > 0 {
            guard let steps = json["ema_steps"]?.intValue else { throw bad("ema_steps missing (the run has --ema)") }
            average = ParameterAverage(decay: Float(config.emaDecay), steps: steps, layers: averaged)
        }
        var batch = DynamicBatchSize(size: 1, alpha: config.alphaBS, cap: batchCap)
        batch.cap = batchCap
        batch.size = batchSize
        let state = DynHPTrainerState(
            runID: runID, dataset: dataset, config: config, model: model, optimizer: optimizer, rng: rng, epoch: epoch,
            position: position, permutation: permutation, activity: activity, batch: batch, epochLoss: loss,
            epochCorrect: correct, epochSeen: seen, epochSteps: steps, epochPeakBatch: peak, memoryHistory: history,
            lastReport: json["last_report"]?.objectValue.flatMap(Self.decodeReport),
            memoryTotalBytes: json["memory_total_bytes"]?.intValue ?? 0, average: average,
            gatesFixed: json["gates_fixed"]?.boolValue ?? false)
        // What can be checked without the data: the network and its companions, counters,
        // the position against the example order.
        if let problem = ModelCheck.problem(of: state, trainingExamples: nil, batchCapLimit: Int.max) {
            throw bad(problem)
        }
        return state
    }

    /// An array of integers (nil if any element is not one).
    private static func ints(_ value: JSONValue?) -> [Int]? {
        guard let array = value?.arrayValue else { return nil }
        let ints = array.compactMap(\.intValue)
        return ints.count == array.count ? ints : nil
    }

    static func bits(_ value: Double) -> String { String(value.bitPattern, radix: 16) }
    static func double(bits: String) -> Double? { UInt64(bits, radix: 16).map(Double.init(bitPattern:)) }

    static func encode(_ r: DynHPEpochReport) -> JSONObject {
        [
            "epoch": .int(r.epoch), "epochs": .int(r.epochs), "loss": .string(bits(r.loss)),
            "train_error": .string(bits(r.trainError)), "val_error": .string(bits(r.validationError)),
            "test_error": .string(bits(r.testError)), "params": .int(r.params), "params_initial": .int(r.paramsInitial),
            "active": .array(r.active.map { .int($0) }), "batch_size": .int(r.batchSize),
            "memory_bytes": .int(r.memoryBytes), "flops": .int(r.flops), "steps": .int(r.steps),
            "memory_total_bytes": .int(r.memoryTotalBytes), "finetuning": .bool(r.finetuning),
        ]
    }

    static func decodeReport(_ o: JSONObject) -> DynHPEpochReport? {
        guard let epoch = o["epoch"]?.intValue, let epochs = o["epochs"]?.intValue,
              let loss = o["loss"]?.stringValue.flatMap(double(bits:)),
              let train = o["train_error"]?.stringValue.flatMap(double(bits:)),
              let val = o["val_error"]?.stringValue.flatMap(double(bits:)),
              let test = o["test_error"]?.stringValue.flatMap(double(bits:)),
              let params = o["params"]?.intValue, let initial = o["params_initial"]?.intValue,
              let active = o["active"]?.arrayValue?.compactMap(\.intValue), let batch = o["batch_size"]?.intValue,
              let memory = o["memory_bytes"]?.intValue, let flops = o["flops"]?.intValue, let steps = o["steps"]?.intValue
        else { return nil }
        return DynHPEpochReport(epoch: epoch, epochs: epochs, loss: loss, trainError: train, validationError: val,
                                testError: test, params: params, paramsInitial: initial, active: active, batchSize: batch,
                                memoryBytes: memory, flops: flops, steps: steps,
                                memoryTotalBytes: o["memory_total_bytes"]?.intValue ?? 0,
                                finetuning: o["finetuning"]?.boolValue ?? false)
    }
}
