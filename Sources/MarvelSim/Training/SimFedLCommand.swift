import MarvelCore

/// The flags of a pod's `marvdash fedl server …` or `marvdash fedl client …` command, as the
/// embedded cluster reads them to run federated DynHP in-process (at its reduced scale).
public struct SimFedLCommand: Equatable, Sendable {
    public enum Role: String, Sendable { case server, client }

    public var role: Role
    // Server.
    public var rounds = 10
    public var minClients = 2
    public var startClients: Int?
    public var strategy: FedLStrategy = .all
    public var fraction = 0.5
    public var weighting: FedLWeighting = .examples
    public var roundTimeout = 600.0
    public var clientTimeout = 20.0
    public var privacy = FedLPrivacy()
    public var trainer = DynHPConfig(epochs: 1)
    // Client.
    public var server = ""
    public var clientID = "1"
    public var shard = FedLShard(index: 1, count: 1)

    /// Whether the embedded cluster runs `pod` as a federated server or client: its first
    /// container runs `marvdash fedl server|client`.
    public static func isFedLPod(_ pod: JSONValue) -> Bool {
        arguments(SimTrainingCommand.commandLine(of: pod)) != nil
    }

    /// The role and the words after `… marvdash fedl server|client`, or nil.
    static func arguments(_ words: [String]) -> (Role, ArraySlice<String>)? {
        for i in words.indices where i + 2 < words.count {
            let program = words[i].split(separator: "/").last.map(String.init) ?? ""
            if program == "marvdash", words[i + 1] == "fedl", let role = Role(rawValue: words[i + 2]) {
                return (role, words[(i + 3)...])
            }
        }
        return nil
    }

    /// Reads the flags of `pod`'s command; unknown flags (`--out`, `--data`, `--listen`,
    /// `--token-file`, `--resume`) concern files and sockets the sim does not use.
    public init(pod: JSONValue) throws(SimTrainingError) {
        let name = pod.at("metadata", "name")?.stringValue ?? "?"
        guard let (role, words) = Self.arguments(SimTrainingCommand.commandLine(of: pod)) else {
            throw SimTrainingError(pod: name, problem: "its command does not run marvdash fedl server or client")
        }
        try self.init(role: role, arguments: words, pod: name)
    }

    public init(role: Role, arguments: ArraySlice<String>, pod: String) throws(SimTrainingError) {
        self.role = role
        var words = arguments
        var split = FedLSplit.iid
        var shardText = "1/1"
        var splitSeed: UInt64 = 1
        while let word = words.popFirst() {
            guard word.hasPrefix("--") else { continue }
            var flag = String(word.dropFirst(2))
            var value: String?
            if let eq = flag.firstIndex(of: "=") {
                value = String(flag[flag.index(after: eq)...])
                flag = String(flag[..<eq])
            }
            guard !Self.switches.contains(flag) else { continue }
            if value == nil { value = words.popFirst() }
            guard let value else { throw SimTrainingError(pod: pod, problem: "--\(flag) needs a value; set it in the pod's command") }
            func bad(_ expected: String) -> SimTrainingError {
                SimTrainingError(pod: pod, problem: "--\(flag) \"\(value)\" is not \(expected); fix the pod's command")
            }
            func positive() throws(SimTrainingError) -> Int {
                guard let n = Int(value), n > 0 else { throw bad("a positive integer") }
                return n
            }
            func number() throws(SimTrainingError) -> Double {
                guard let x = Double(value), x.isFinite, x >= 0 else { throw bad("a number ≥ 0") }
                return x
            }
            switch flag {
            case "rounds": rounds = try positive()
            case "min-clients": minClients = try positive()
            case "start-clients": startClients = try positive()
            case "strategy":
                guard let s = FedLStrategy(rawValue: value) else { throw bad("one of all, fraction, nus") }
                strategy = s
            case "fraction": fraction = try number()
            case "weighting":
                guard let w = FedLWeighting(rawValue: value) else { throw bad("examples or mean") }
                weighting = w
            case "round-timeout": roundTimeout = try number()
            case "client-timeout": clientTimeout = try number()
            case "dp-clip": privacy.clip = try number()
            case "dp-noise": privacy.noise = try number()
            case "local-epochs": trainer.epochs = try positive()
            case "arch":
                let parts = value.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
                let widths = parts.compactMap { $0 }
                guard parts.count >= 2, widths.count == parts.count, widths.allSatisfy({ $0 > 0 }) else {
                    throw bad("at least two positive widths joined by dashes (e.g. 784-300-100-10)")
                }
                trainer.widths = widths
            case "mode":
                guard let m = PruningMode(rawValue: value) else { throw bad("one of dynhp, hp, sp") }
                trainer.mode = m
            case "lambda": trainer.lambda = try number()
            case "gamma": trainer.threshold = try number()
            case "alpha-bs": trainer.alphaBS = try number()
            case "batch": trainer.batchSize = try positive()
            case "seed":
                guard let s = UInt64(value) else { throw bad("a non-negative integer") }
                trainer.seed = s
            case "lr-batch-scaling":
                guard let s = LearningRateBatchScaling(rawValue: value) else { throw bad("one of none, sqrt, linear") }
                trainer.learningRateBatchScaling = s
            case "budget":
                guard let bytes = SimByteSize.parse(value), bytes > 0 else { throw bad("a size such as 512MiB or 2GiB") }
                trainer.budgetBytes = bytes
            case "server": server = value
            case "cid":
                guard FedLCoordinator.validClientID(value) else { throw bad("a client id (letters, digits, . _ -)") }
                clientID = value
            case "shard": shardText = value
            case "split":
                guard let s = FedLSplit(rawValue: value) else { throw bad("iid or by-class") }
                split = s
            case "split-seed":
                guard let s = UInt64(value) else { throw bad("a non-negative integer") }
                splitSeed = s
            default: break
            }
        }
        guard let shard = FedLShard.parse(shardText, split: split, seed: splitSeed) else {
            throw SimTrainingError(pod: pod, problem: "--shard \"\(shardText)\" is not i/K with 1 ≤ i ≤ K; fix the pod's command")
        }
        self.shard = shard
        if role == .client, server.isEmpty {
            throw SimTrainingError(pod: pod, problem: "the client has no --server URL; set it in the pod's command")
        }
    }

    /// Flags without a value.
    private static let switches: Set<String> = ["resume"]

    /// The server's run configuration at the cluster's scale.
    public func runConfig(scale: SimTrainingScale) -> FedLRunConfig {
        var t = trainer
        t.widths = scale.widths(trainer.widths)
        t.learningRate = scale.learningRate
        t.batchSize = min(t.batchSize, scale.trainExamples)
        return FedLRunConfig(trainer: t, rounds: rounds, minClients: minClients, strategy: strategy, fraction: fraction,
                             weighting: weighting, privacy: privacy, roundTimeout: roundTimeout, clientTimeout: clientTimeout,
                             startClients: startClients)
    }
}
