import Foundation
import Synchronization

/// Where a client's data comes from: loaded already, or made once the run's architecture and
/// seed are known (the embedded cluster generates data shaped for the server's model).
public enum FedLClientData: Sendable {
    case loaded(DynHPData)
    case shapedBy(@Sendable (_ arch: [Int], _ seed: UInt64) throws -> DynHPData)
}

/// How a client session ended.
public enum FedLClientOutcome: Sendable, Equatable {
    /// The server said the run is over.
    case done
    /// `shouldStop` said so.
    case stopped
    /// The client took the task of its `abandonsRound` round and left without an answer
    /// (fault injection: a client that crashes mid-round).
    case abandoned(round: Int)
}

/// One federated client: joins the server, polls for tasks, and for each round it is asked
/// downloads the global model, trains locally (`FedLLocalTraining`) while sending heartbeats,
/// uploads its model as NPY tensors and its report. It rejoins a restarted server, treats a
/// refused late result as late, and keeps retrying an unreachable server (`FedLChannel`).
/// Its local epochs are `dynhp.epoch` events of its own run ("<run>-client-<id>").
public final class FedLClientSession {
    public let channel: FedLChannel
    public let clientID: String
    let source: FedLClientData
    let log: (String) -> Void
    let emit: (MetricEvent) -> Void
    let shouldStop: @Sendable () -> Bool
    /// Rounds this client pretends to lose its link for (the simulation's flaky clients).
    let dropsRound: (Int) -> Bool
    /// The round whose task this client takes and then leaves without answering, if any.
    let abandonsRound: Int?
    let seed: UInt64

    public init(channel: FedLChannel, clientID: String, data: FedLClientData, seed: UInt64 = 1,
                shouldStop: @escaping @Sendable () -> Bool = { false }, dropsRound: @escaping (Int) -> Bool = { _ in false },
                abandonsRound: Int? = nil, log: @escaping (String) -> Void = { _ in }, emit: @escaping (MetricEvent) -> Void = { _ in }) {
        self.channel = channel
        self.clientID = clientID
        self.source = data
        self.seed = seed
        self.shouldStop = shouldStop
        self.dropsRound = dropsRound
        self.abandonsRound = abandonsRound
        self.log = log
        self.emit = emit
    }

    /// The run's settings as the server sent them when the client joined.
    struct Joined {
        var run: String
        var rounds: Int
        var arch: [Int]
        var trainer: DynHPConfig
        var pollSeconds: Double
        var heartbeatSeconds: Double
        var privacy: FedLPrivacy
    }

    /// Runs until the server says the run is done or `shouldStop`.
    public func run() throws -> FedLClientOutcome {
        let data = try resolveData()
        var joined = try join(data)
        let clientRun = "\(joined.run)-client-\(clientID)"
        emit(.runStart(startEvent(joined, data: data, run: clientRun)))
        var rng = Xoshiro256(seed: seed &+ UInt64(truncatingIfNeeded: clientID.hashValueStable))
        var batch: Int?
        var epochsDone = 0
        var roundsDone = 0
        var lastDropped = 0
        var deliveredLastRound = false
        while true {
            if shouldStop() { return stopped(clientRun, epochsDone) }
            let answer: FedLChannel.Answer
            if deliveredLastRound {
                // The server may finish and exit before this poll reaches it: a server that is gone
                // once the last round's result was accepted means the run is over, not an outage.
                var brief = channel
                brief.retryFor = min(channel.retryFor, 3)
                do {
                    answer = try call(.get, "/v1/task", query: ["cid": clientID, "wait": String(joined.pollSeconds)],
                                      timeout: joined.pollSeconds + 30, via: brief)
                } catch {
                    if shouldStop() { return stopped(clientRun, epochsDone) }
                    emit(.runEnd(RunEnd(run: clientRun, ts: Date(), status: RunEnd.completed,
                                        summary: ["rounds_trained": .int(roundsDone), "epochs": .int(epochsDone)])))
                    log("the server has gone after its last round (\(joined.rounds)); the run is over, \(roundsDone) trained here")
                    return .done
                }
            } else {
                answer = try call(.get, "/v1/task", query: ["cid": clientID, "wait": String(joined.pollSeconds)],
                                  timeout: joined.pollSeconds + 30)
            }
            if answer.status == 404 {
                log("the server does not know this client (it restarted?); joining again")
                joined = try join(data)
                continue
            }
            guard answer.ok, let object = answer.json else { throw refusal("task", answer) }
            let task = try FedLTask(json: object)
            switch task.action {
            case .done:
                emit(.runEnd(RunEnd(run: clientRun, ts: Date(), status: RunEnd.completed,
                                    summary: ["rounds_trained": .int(roundsDone), "epochs": .int(epochsDone)])))
                log("the server finished the run (\(task.rounds) rounds); \(roundsDone) trained here")
                return .done
            case .wait:
                continue
            case .fit:
                if task.round != lastDropped, dropsRound(task.round) {
                    lastDropped = task.round
                    log("round \(task.round): link down (simulated); silent for \(Int(joined.heartbeatSeconds * 8)) s")
                    pause(joined.heartbeatSeconds * 8)
                    continue
                }
                guard let received = try download(task, joined) else { continue }
                if task.round == abandonsRound {
                    log("round \(task.round): task taken; leaving without an answer (--exit-in-round)")
                    emit(.runEnd(RunEnd(run: clientRun, ts: Date(), status: RunEnd.interrupted, summary: ["epochs": .int(epochsDone)])))
                    return .abandoned(round: task.round)
                }
                log("round \(task.round)/\(task.rounds): training \(task.epochs) epoch\(task.epochs == 1 ? "" : "s") on \(data.train.count) examples (model \(received.active.map(String.init).joined(separator: "-")))")
                var config = joined.trainer
                config.epochs = max(1, task.epochs)
                let training = FedLLocalTraining(config: config, data: data, privacy: joined.privacy)
                let heartbeat = Heartbeat(channel: channel, clientID: clientID, every: joined.heartbeatSeconds)
                let outcome: FedLLocalTraining.Outcome?
                do {
                    defer { heartbeat.stop() }
                    outcome = try training.train(from: received, runID: clientRun, rng: &rng, batchSize: batch,
                                                 shouldStop: shouldStop) { report in
                        epochsDone += 1
                        var event = DynHPRunDriver.epochEvent(report, run: clientRun)
                        event.epoch = epochsDone
                        event.epochs = joined.rounds * max(1, task.epochs)
                        emit(.dynhpEpoch(event))
                    }
                }
                guard let outcome else { return stopped(clientRun, epochsDone) }
                batch = joined.trainer.mode == .dynhp ? outcome.batchSize : nil
                if try send(outcome, round: task.round) {
                    roundsDone += 1
                    deliveredLastRound = task.round >= task.rounds
                    log("round \(task.round): result sent (val error \(percent(outcome.report.valError)), model \(outcome.model.active.map(String.init).joined(separator: "-")))")
                }
            }
        }
    }

    private func stopped(_ run: String, _ epochs: Int) -> FedLClientOutcome {
        emit(.runEnd(RunEnd(run: run, ts: Date(), status: RunEnd.interrupted, summary: ["epochs": .int(epochs)])))
        return .stopped
    }

    private func percent(_ v: Double?) -> String { v.map { String(format: "%.2f%%", $0 * 100) } ?? "-" }

    private func resolveData() throws -> DynHPData {
        switch source {
        case .loaded(let data): return data
        case .shapedBy(let make):
            let answer = try call(.get, "/v1/status")
            guard answer.ok, let arch = answer.json?["arch"]?.arrayValue?.compactMap(\.intValue), arch.count >= 2 else {
                throw refusal("status", answer)
            }
            return try make(arch, answer.json?["seed"]?.stringValue.flatMap { UInt64($0) } ?? 1)
        }
    }

    private func join(_ data: DynHPData) throws -> Joined {
        let body: JSONObject = [
            "cid": .string(clientID), "examples": .int(data.train.count), "dimension": .int(data.train.dimension),
            "classes": .int(data.train.classes),
        ]
        let answer = try call(.post, "/v1/join", body: Array(JSONValue.object(body).jsonString().utf8))
        guard answer.ok, let o = answer.json, let run = o["run"]?.stringValue, let rounds = o["rounds"]?.intValue,
              let arch = o["arch"]?.arrayValue?.compactMap(\.intValue),
              let trainer = o["trainer"]?.objectValue.flatMap(DynHPConfig.init(json:))
        else { throw refusal("join", answer) }
        log("joined run \(run) at \(channel.server) (\(rounds) rounds, model \(arch.map(String.init).joined(separator: "-")), \(data.train.count) examples)")
        return Joined(run: run, rounds: rounds, arch: arch, trainer: trainer, pollSeconds: o["poll_seconds"]?.doubleValue ?? 5,
                      heartbeatSeconds: o["heartbeat_seconds"]?.doubleValue ?? 2,
                      privacy: FedLPrivacy(clip: o["dp_clip"]?.doubleValue ?? 0, noise: o["dp_noise"]?.doubleValue ?? 0))
    }

    /// The round's global model, or nil when the round ended before it could be fetched.
    private func download(_ task: FedLTask, _ joined: Joined) throws -> FedLModel? {
        var tensors: [String: NPYArray] = [:]
        for name in task.tensors {
            let answer = try call(.get, "/v1/rounds/\(task.round)/model/\(name).npy")
            if answer.status == 410 || answer.status == 404 {
                log("round \(task.round): over before its model was fetched; waiting for the next task")
                return nil
            }
            guard answer.ok else { throw refusal("model download", answer) }
            do {
                tensors[name] = try NPYArray.decode(answer.body, name: "\(channel.server) round \(task.round) \(name).npy")
            } catch {
                throw FedLError("\(error)")
            }
        }
        return try FedLModel(tensors: tensors, initialWidths: joined.arch, source: "the server's round \(task.round) model")
    }

    /// Uploads the model and the report; false when the server refused them as late.
    private func send(_ outcome: FedLLocalTraining.Outcome, round: Int) throws -> Bool {
        let base = "/v1/rounds/\(round)/clients/\(clientID)"
        for (name, tensor) in outcome.model.tensors().sorted(by: { $0.key < $1.key }) {
            let answer = try call(.put, "\(base)/\(name).npy", body: tensor.encoded(), contentType: "application/octet-stream")
            if answer.status == 409 || answer.status == 404 {
                log("round \(round): \(answer.message)")
                return false
            }
            guard answer.ok else { throw refusal("upload", answer) }
        }
        let answer = try call(.post, "\(base)/result", body: Array(JSONValue.object(outcome.report.json).jsonString().utf8))
        if answer.status == 409 || answer.status == 404 {
            log("round \(round): \(answer.message)")
            return false
        }
        guard answer.ok else { throw refusal("result", answer) }
        return true
    }

    private func call(_ method: HTTPMethod, _ path: String, query: [String: String] = [:], body: [UInt8]? = nil,
                      contentType: String = "application/json", timeout: Double? = nil,
                      via: FedLChannel? = nil) throws -> FedLChannel.Answer {
        let answer = try (via ?? channel).send(method, path, query: query, body: body, contentType: contentType, timeout: timeout,
                                      shouldStop: shouldStop, log: log)
        if answer.status == 401 {
            throw FedLError("\(channel.server) refused the token (HTTP 401): \(answer.message)")
        }
        return answer
    }

    private func refusal(_ what: String, _ answer: FedLChannel.Answer) -> FedLError {
        FedLError("\(channel.server): \(what) refused (HTTP \(answer.status)): \(answer.message)")
    }

    private func pause(_ seconds: Double) {
        let until = Date().addingTimeInterval(seconds)
        while Date() < until, !shouldStop() { Thread.sleep(forTimeInterval: min(0.1, max(0, until.timeIntervalSinceNow))) }
    }

    func startEvent(_ joined: Joined, data: DynHPData, run: String) -> RunStart {
        let t = joined.trainer
        return RunStart(run: run, ts: Date(), model: "mlp-" + joined.arch.map(String.init).joined(separator: "-"), dataset: data.name,
                        mode: t.mode.rawValue, lambda: t.lambda, gamma: t.threshold, alphaBS: t.alphaBS, budget: t.budgetBytes,
                        epochs: joined.rounds * max(1, t.epochs), batchSize: t.batchSize, seed: Int(clamping: seed),
                        extra: ["fedl_run": .string(joined.run), "fedl_client": .string(clientID),
                                "train_examples": .int(data.train.count), "server": .string(channel.server)])
    }
}

/// Sends a heartbeat every few seconds on its own thread until stopped, so the server knows a
/// client busy training is alive.
final class Heartbeat: Sendable {
    private let stopped = Atomic<Bool>(false)

    init(channel: FedLChannel, clientID: String, every seconds: Double) {
        let thread = Thread { [self] in
            var next = Date().addingTimeInterval(seconds)
            while !stopped.load(ordering: .acquiring) {
                if Date() >= next {
                    _ = channel.sendOnce(.post, "/v1/heartbeat", query: ["cid": clientID])
                    next = Date().addingTimeInterval(seconds)
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        thread.name = "marvdash-fedl-heartbeat"
        thread.start()
    }

    func stop() { stopped.store(true, ordering: .releasing) }
}

extension String {
    /// A hash that is the same in every process (Swift's `hashValue` is seeded per process).
    var hashValueStable: UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }
}
