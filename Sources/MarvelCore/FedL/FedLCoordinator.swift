import Foundation
import Synchronization

/// The federated server's round engine, independent of HTTP: clients join, poll for tasks,
/// download the round's model, upload theirs and submit a report (`FedLService` maps these to
/// HTTP); `run` drives the rounds on the caller's thread — wait for a quorum of connected
/// clients, select, wait for results until every asked client has answered or gone silent
/// (or the round deadline passes with a quorum), average (`FedAvg`), evaluate, emit a
/// `fedl.round` event, checkpoint. Thread-safe: protocol calls come from connection threads.
public final class FedLCoordinator: Sendable {
    public let config: FedLRunConfig
    public let runID: String
    /// Seconds a completed round lasts at least (the embedded cluster paces its demo runs).
    public let minimumRoundSeconds: Double

    enum Phase: Equatable {
        case starting
        case gathering(round: Int)
        case training(round: Int)
        case finished
        case stopped
    }

    struct Link {
        var examples: Int
        var lastSeen: Date
        var polls: Int = 0
    }

    struct State {
        var phase: Phase = .starting
        var completed: Int
        var model: FedLModel
        var encoded: [String: [UInt8]] = [:]
        var links: [String: Link] = [:]
        var history: [String: FedLClientHistory]
        var rng: Xoshiro256
        var selected: Set<String> = []
        var available: Int = 0
        var scores: [String: FedLClientScore] = [:]
        var results: [String: (report: FedLClientReport, model: FedLModel)] = [:]
        var staging: [String: [String: NPYArray]] = [:]
        var deadline = Date.distantFuture
        var told: Set<String> = []
    }

    let state: Mutex<State>
    let changed = NSCondition()
    let token: String?

    /// A server continuing `start` (a fresh state or a checkpoint); `token`: the shared secret
    /// every request must carry (nil: none).
    public init(start: FedLServerState, token: String? = nil, minimumRoundSeconds: Double = 0) {
        config = start.config
        runID = start.runID
        self.token = token
        self.minimumRoundSeconds = max(0, minimumRoundSeconds)
        state = Mutex(State(completed: start.round, model: start.model, history: start.history, rng: start.rng))
    }

    /// The state a checkpoint saves now.
    public var checkpoint: FedLServerState {
        state.withLock { s in
            FedLServerState(runID: runID, config: config, round: s.completed, model: s.model, history: s.history, rng: s.rng)
        }
    }

    /// The global model as it stands (after the last completed round).
    public var model: FedLModel { state.withLock { $0.model } }

    /// Rounds completed.
    public var completedRounds: Int { state.withLock { $0.completed } }

    /// Whether `header` (an Authorization field) carries the token, compared in constant time.
    public func authorizes(_ header: String?) -> Bool {
        guard let token else { return true }
        guard let header, header.hasPrefix("Bearer ") else { return false }
        let given = Array(header.dropFirst(7).utf8), wanted = Array(token.utf8)
        var diff = given.count ^ wanted.count
        for i in 0..<max(given.count, wanted.count) {
            diff |= Int((i < given.count ? given[i] : 0) ^ (i < wanted.count ? wanted[i] : 0))
        }
        return diff == 0
    }

    func signal() {
        changed.lock()
        changed.broadcast()
        changed.unlock()
    }

    /// Whether a client counts as connected at `now`: polling right now, or heard from recently.
    func isAlive(_ link: Link, now: Date) -> Bool {
        link.polls > 0 || now.timeIntervalSince(link.lastSeen) <= config.clientTimeout
    }

    /// Whether `id` is a usable client id: 1–64 letters, digits, ".", "_" or "-".
    public static func validClientID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }

    // MARK: - Protocol operations

    /// A client announces itself (again): its id, training examples and data shape.
    public func join(client: String, examples: Int, dimension: Int, classes: Int) throws(FedLProtocolError) -> JSONObject {
        guard Self.validClientID(client) else {
            throw FedLProtocolError(400, "client id '\(client)' must be 1–64 letters, digits, '.', '_' or '-' (--cid)")
        }
        guard examples >= 1 else { throw FedLProtocolError(400, "client \(client) has no training examples; check --shard and --dataset") }
        let arch = config.trainer.widths
        guard dimension == arch[0], classes == arch[arch.count - 1] else {
            throw FedLProtocolError(409, "client \(client)'s data has \(dimension) features and \(classes) classes but the run's model is \(arch.map(String.init).joined(separator: "-")); give it a --dataset of that shape")
        }
        let now = Date()
        let round = state.withLock { s -> Int in
            s.links[client] = Link(examples: examples, lastSeen: now, polls: s.links[client]?.polls ?? 0)
            if s.history[client] == nil { s.history[client] = FedLClientHistory(examples: examples) }
            s.history[client]?.examples = examples
            return s.completed
        }
        signal()
        return [
            "run": .string(runID), "rounds": .int(config.rounds), "round": .int(round),
            "arch": .array(arch.map { .int($0) }), "trainer": .object(config.trainer.json),
            "poll_seconds": .double(config.pollSeconds), "heartbeat_seconds": .double(config.heartbeatSeconds),
            "dp_clip": .double(config.privacy.clip), "dp_noise": .double(config.privacy.noise),
        ]
    }

    /// The task for `client`, waiting up to `wait` seconds for one (a long poll).
    public func task(client: String, wait: Double) throws(FedLProtocolError) -> FedLTask {
        let known = state.withLock { s -> Bool in
            guard s.links[client] != nil else { return false }
            s.links[client]?.polls += 1
            s.links[client]?.lastSeen = Date()
            return true
        }
        guard known else { throw FedLProtocolError(404, "client \(client) has not joined this run (the server may have restarted); join first") }
        defer {
            state.withLock { s in
                s.links[client]?.polls -= 1
                s.links[client]?.lastSeen = Date()
            }
        }
        let deadline = Date().addingTimeInterval(min(max(0, wait), config.pollSeconds))
        changed.lock()
        defer { changed.unlock() }
        while true {
            let task = state.withLock { s in currentTask(for: client, in: &s) }
            if task.action != .wait || Date() >= deadline { return task }
            _ = changed.wait(until: deadline)
        }
    }

    private func currentTask(for client: String, in s: inout State) -> FedLTask {
        switch s.phase {
        case .finished:
            s.told.insert(client)
            return FedLTask(action: .done, round: s.completed, rounds: config.rounds)
        case .training(let round) where s.selected.contains(client) && s.results[client] == nil:
            return FedLTask(action: .fit, round: round, rounds: config.rounds, epochs: config.trainer.epochs,
                            tensors: FedLModel.tensorNames(depth: s.model.depth),
                            deadlineSeconds: max(0, s.deadline.timeIntervalSinceNow))
        case .training(let round):
            let why = s.results[client] != nil ? "result received; waiting for the others"
                : s.scores[client].map { "not asked (NUS value \(String(format: "%.2f", $0.value)))" } ?? "not asked this round"
            return FedLTask(action: .wait, round: round, rounds: config.rounds, reason: why)
        case .gathering(let round):
            return FedLTask(action: .wait, round: round, rounds: config.rounds,
                            reason: "waiting for \(round == 1 ? config.startClients : config.minClients) clients to connect")
        case .starting, .stopped:
            return FedLTask(action: .wait, round: s.completed + 1, rounds: config.rounds, reason: "the server is not running rounds")
        }
    }

    /// A client training a round says it is alive.
    public func heartbeat(client: String) throws(FedLProtocolError) {
        let known = state.withLock { s -> Bool in
            guard s.links[client] != nil else { return false }
            s.links[client]?.lastSeen = Date()
            return true
        }
        guard known else { throw FedLProtocolError(404, "client \(client) has not joined this run; join first") }
    }

    /// The NPY bytes of tensor `name` of round `round`'s model.
    public func tensor(round: Int, name: String) throws(FedLProtocolError) -> [UInt8] {
        let result = state.withLock { s -> Result<[UInt8], FedLProtocolError> in
            guard case .training(let current) = s.phase, current == round else {
                return .failure(FedLProtocolError(410, "round \(round) is not running (the server is at round \(s.completed + 1)); poll for the current task"))
            }
            guard let bytes = s.encoded[name] else {
                return .failure(FedLProtocolError(404, "no tensor \(name) (the model has \(FedLModel.tensorNames(depth: s.model.depth).joined(separator: ", ")))"))
            }
            return .success(bytes)
        }
        return try result.get()
    }

    /// One tensor of `client`'s model for `round`, held until its report arrives.
    public func upload(round: Int, client: String, name: String, bytes: [UInt8]) throws(FedLProtocolError) {
        let array: NPYArray
        do {
            array = try NPYArray.decode(bytes, name: "\(client)/\(name).npy")
        } catch {
            throw FedLProtocolError(400, "\(error)")
        }
        let result = state.withLock { s -> Result<Void, FedLProtocolError> in
            s.links[client]?.lastSeen = Date()
            if let refusal = refusal(round: round, client: client, in: s) { return .failure(refusal) }
            guard FedLModel.tensorNames(depth: s.model.depth).contains(name) else {
                return .failure(FedLProtocolError(400, "no tensor \(name) in this run's models"))
            }
            s.staging[client, default: [:]][name] = array
            return .success(())
        }
        try result.get()
    }

    /// `client`'s report for `round`: its uploaded tensors become its model for the average.
    public func submit(round: Int, client: String, report: FedLClientReport) throws(FedLProtocolError) {
        let result = state.withLock { s -> Result<Void, FedLProtocolError> in
            s.links[client]?.lastSeen = Date()
            if let refusal = refusal(round: round, client: client, in: s) { return .failure(refusal) }
            let model: FedLModel
            do throws(FedLError) {
                model = try FedLModel(tensors: s.staging[client] ?? [:], initialWidths: config.trainer.widths,
                                      source: "client \(client), round \(round)")
            } catch {
                return .failure(FedLProtocolError(400, error.message))
            }
            guard s.model.positions(of: model) != nil else {
                return .failure(FedLProtocolError(400, "client \(client), round \(round): the model has units the round's model does not; train from the model of this round"))
            }
            s.staging[client] = nil
            s.results[client] = (report, model)
            return .success(())
        }
        try result.get()
        signal()
    }

    private func refusal(round: Int, client: String, in s: State) -> FedLProtocolError? {
        guard s.links[client] != nil else {
            return FedLProtocolError(404, "client \(client) has not joined this run (the server may have restarted); join first")
        }
        guard case .training(let current) = s.phase, current == round else {
            return FedLProtocolError(409, "round \(round) closed before client \(client)'s result arrived (late); poll for the next task")
        }
        guard s.selected.contains(client) else { return FedLProtocolError(409, "client \(client) was not asked for a result in round \(round)") }
        guard s.results[client] == nil else { return FedLProtocolError(409, "client \(client) already sent its result for round \(round)") }
        return nil
    }

    /// The run as JSON: phase, round, and every known client's connection and history.
    public func status() -> JSONObject {
        state.withLock { s in
            let now = Date()
            var clients: [JSONValue] = []
            for id in s.history.keys.sorted(by: FedLSelector.order) {
                var o = s.history[id]?.json ?? JSONObject()
                o["id"] = .string(id)
                o["connected"] = .bool(s.links[id].map { isAlive($0, now: now) } ?? false)
                clients.append(.object(o))
            }
            let phase: String
            switch s.phase {
            case .starting: phase = "starting"
            case .gathering: phase = "waiting for clients"
            case .training: phase = "training"
            case .finished: phase = "finished"
            case .stopped: phase = "stopped"
            }
            return [
                "run": .string(runID), "phase": .string(phase), "rounds_completed": .int(s.completed),
                "rounds": .int(config.rounds), "min_clients": .int(config.minClients), "clients": .array(clients),
                "arch": .array(config.trainer.widths.map { .int($0) }), "strategy": .string(config.strategy.rawValue),
                "seed": .string(String(config.trainer.seed)),
            ]
        }
    }
}
