import Foundation

/// Saves and restores a federated server's state in `DIR/checkpoint/` after every round
/// (written to a temporary folder, then swapped in): `state.json` (format
/// "marvdash-fedl-checkpoint", the run, its configuration, rounds completed, the clients'
/// histories, the PRNG words) and the global model's NPY tensors (`w{l}`, `b{l}`,
/// `log_alpha{l}`, `units{l}`, as on the wire).
public struct FedLCheckpoint: Sendable {
    public var directory: String

    public init(outputDirectory: String) {
        directory = (outputDirectory as NSString).appendingPathComponent("checkpoint")
    }

    public static let format = "marvdash-fedl-checkpoint"

    public var exists: Bool { FileManager.default.fileExists(atPath: ModelArchive.path(directory, "state.json")) }

    public func save(_ state: FedLServerState) throws {
        let temp = directory + ".tmp"
        try? FileManager.default.removeItem(atPath: temp)
        try ModelArchive.createDirectory(temp)
        for (name, tensor) in state.model.tensors() { try tensor.write(to: ModelArchive.path(temp, name + ".npy")) }
        var clients = JSONObject()
        for id in state.history.keys.sorted(by: FedLSelector.order) { clients[id] = .object(state.history[id]?.json ?? [:]) }
        let json: JSONObject = [
            "format": .string(Self.format), "version": 1, "run": .string(state.runID), "config": .object(state.config.json),
            "round": .int(state.round), "arch": .array(state.model.initialWidths.map { .int($0) }),
            "rng": .array(state.rng.state.map { .string(String($0, radix: 16)) }), "clients": .object(clients),
        ]
        try ModelArchive.write(text: JSONValue.object(json).prettyJSONString() + "\n", to: ModelArchive.path(temp, "state.json"))
        let old = directory + ".old"
        try? FileManager.default.removeItem(atPath: old)
        if FileManager.default.fileExists(atPath: directory) { try? FileManager.default.moveItem(atPath: directory, toPath: old) }
        do {
            try FileManager.default.moveItem(atPath: temp, toPath: directory)
        } catch {
            throw FedLError("\(directory): cannot install the checkpoint (\(error.localizedDescription)); check --out")
        }
        try? FileManager.default.removeItem(atPath: old)
    }

    public func load() throws -> FedLServerState {
        let path = ModelArchive.path(directory, "state.json")
        func bad(_ what: String) -> FedLError {
            FedLError("\(path): \(what); delete \(directory) and start again without --resume")
        }
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw FedLError("\(path): no checkpoint; run without --resume first (with the same --out)")
        }
        guard let json = (try? JSONValue.parse(Array(bytes)))?.objectValue, json["format"]?.stringValue == Self.format else {
            throw bad("not a \(Self.format) file")
        }
        guard let run = json["run"]?.stringValue, let config = json["config"]?.objectValue.flatMap(FedLRunConfig.init(json:)),
              let round = json["round"]?.intValue, round >= 0,
              let words = json["rng"]?.arrayValue?.compactMap({ $0.stringValue.flatMap { UInt64($0, radix: 16) } }),
              let rng = Xoshiro256(state: words)
        else { throw bad("run, config, round or rng missing or malformed") }
        var history: [String: FedLClientHistory] = [:]
        for member in json["clients"]?.objectValue ?? [:] {
            let id = member.key
            guard let h = member.value.objectValue.flatMap(FedLClientHistory.init(json:)) else { throw bad("client \(id)'s history is malformed") }
            history[id] = h
        }
        var tensors: [String: NPYArray] = [:]
        for name in FedLModel.tensorNames(depth: config.trainer.widths.count - 1) {
            tensors[name] = try NPYArray.read(from: ModelArchive.path(directory, name + ".npy"))
        }
        let model = try FedLModel(tensors: tensors, initialWidths: config.trainer.widths, source: directory)
        return FedLServerState(runID: run, config: config, round: round, model: model, history: history, rng: rng)
    }
}
