import Foundation

/// How `FedLCoordinator.run` ended.
public enum FedLRunOutcome: Sendable, Equatable {
    case completed
    /// `shouldStop` said so; the state of the last completed round was checkpointed.
    case interrupted
}

/// The hooks of a run: progress lines for people (stderr), metrics events, a checkpoint after
/// each round, the evaluation of a global model on the server's own data (optional).
public struct FedLRunHooks {
    public var log: (String) -> Void
    public var emit: (MetricEvent) -> Void
    public var afterRound: (FedLServerState) throws -> Void
    public var evaluate: ((GatedMLP) -> MetricErrors)?
    /// Runs once after the last round with the final global model (e.g. to export it); its
    /// members join the `run.end` summary.
    public var finish: (FedLModel) throws -> JSONObject
    /// The `run.start` dataset (the server's evaluation data, or "federated").
    public var dataset: String

    public init(log: @escaping (String) -> Void = { _ in }, emit: @escaping (MetricEvent) -> Void,
                afterRound: @escaping (FedLServerState) throws -> Void = { _ in },
                evaluate: ((GatedMLP) -> MetricErrors)? = nil,
                finish: @escaping (FedLModel) throws -> JSONObject = { _ in JSONObject() }, dataset: String = "federated") {
        self.log = log
        self.emit = emit
        self.afterRound = afterRound
        self.evaluate = evaluate
        self.finish = finish
        self.dataset = dataset
    }
}

extension FedLCoordinator {
    /// Runs the remaining rounds on this thread until the last one completes (then tells every
    /// connected client it is done, waiting at most `clientTimeout` for them to ask) or
    /// `shouldStop` returns true.
    public func run(resumed: Bool = false, shouldStop: @escaping @Sendable () -> Bool, hooks: FedLRunHooks) throws -> FedLRunOutcome {
        hooks.emit(.runStart(startEvent(resumed: resumed, dataset: hooks.dataset)))
        let started = Date()
        var lastErrors = MetricErrors()
        while completedRounds < config.rounds {
            let round = completedRounds + 1
            guard gather(round: round, shouldStop: shouldStop, log: hooks.log) else { return interrupted(hooks, started) }
            startRound(round, log: hooks.log)
            let roundStarted = Date()
            guard awaitResults(round: round, shouldStop: shouldStop, log: hooks.log) else { return interrupted(hooks, started) }
            let event = try closeRound(round, evaluate: hooks.evaluate, log: hooks.log)
            pace(since: roundStarted, shouldStop: shouldStop)
            hooks.emit(.fedlRound(event))
            lastErrors = event.global
            try hooks.afterRound(checkpoint)
        }
        var summary = summary(started: started)
        for (key, value) in [("train_error", lastErrors.train), ("val_error", lastErrors.val), ("test_error", lastErrors.test)] {
            if let value { summary[key] = .double(value) }
        }
        for member in try hooks.finish(model) { summary[member.key] = member.value }
        state.withLock { $0.phase = .finished }
        signal()
        hooks.emit(.runEnd(RunEnd(run: runID, ts: Date(), status: RunEnd.completed, summary: summary)))
        hooks.log("all \(config.rounds) rounds done; telling the clients")
        waitForGoodbyes(shouldStop: shouldStop)
        return .completed
    }

    /// Stops running rounds: clients get "wait" until a server continues the run.
    public func stop() {
        state.withLock { $0.phase = .stopped }
        signal()
    }

    private func interrupted(_ hooks: FedLRunHooks, _ started: Date) -> FedLRunOutcome {
        stop()
        var o = summary(started: started)
        o["reason"] = "stopped before the last round; continue with --resume"
        hooks.emit(.runEnd(RunEnd(run: runID, ts: Date(), status: RunEnd.interrupted, summary: o)))
        return .interrupted
    }

    /// Waits on the condition until `deadline` or a change; false when `shouldStop`.
    private func pause(until deadline: Date, shouldStop: () -> Bool) -> Bool {
        if shouldStop() { return false }
        changed.lock()
        _ = changed.wait(until: min(deadline, Date().addingTimeInterval(0.25)))
        changed.unlock()
        return !shouldStop()
    }

    private func connected(_ s: State, now: Date) -> [String] {
        s.links.filter { isAlive($0.value, now: now) }.map(\.key).sorted(by: FedLSelector.order)
    }

    /// Waits until `minClients` clients are connected (`startClients` before the first round).
    private func gather(round: Int, shouldStop: () -> Bool, log: (String) -> Void) -> Bool {
        state.withLock { $0.phase = .gathering(round: round) }
        signal()
        let needed = round == 1 ? config.startClients : config.minClients
        var lastLog = Date.distantPast
        while true {
            let count = state.withLock { connected($0, now: Date()).count }
            if count >= needed { return true }
            if Date().timeIntervalSince(lastLog) >= 10 {
                log("round \(round): waiting for clients (\(count) of \(needed) connected)")
                lastLog = Date()
            }
            guard pause(until: Date().addingTimeInterval(1), shouldStop: shouldStop) else { return false }
        }
    }

    private func startRound(_ round: Int, log: (String) -> Void) {
        let (asked, idle) = state.withLock { s -> ([String], Int) in
            let ids = connected(s, now: Date())
            let pool = Dictionary(uniqueKeysWithValues: ids.compactMap { id in s.history[id].map { (id, $0) } })
            let (selected, scores) = config.selector.select(round: round, clients: pool, rng: &s.rng)
            s.selected = Set(selected)
            s.scores = scores
            s.available = ids.count
            s.results = [:]
            s.staging = [:]
            for id in selected { s.history[id]?.asked += 1 }
            s.encoded = s.model.tensors().mapValues { $0.encoded() }
            s.deadline = Date().addingTimeInterval(config.roundTimeout)
            s.phase = .training(round: round)
            return (selected, ids.count - selected.count)
        }
        signal()
        log("round \(round)/\(config.rounds): asked \(asked.joined(separator: ", ")) (\(config.strategy.rawValue)\(idle > 0 ? ", \(idle) not asked" : ""))")
    }

    /// Waits until every asked client has answered or gone silent, or the deadline passes,
    /// with at least `minClients` results; asks more connected clients when the quorum cannot
    /// be reached otherwise.
    private func awaitResults(round: Int, shouldStop: () -> Bool, log: (String) -> Void) -> Bool {
        var lastLog = Date()
        while true {
            let now = Date()
            let (done, recruited, waiting) = state.withLock { s -> (Bool, [String], Int) in
                let answered = s.results.count
                let pending = s.selected.filter { s.results[$0] == nil && s.links[$0].map { isAlive($0, now: now) } == true }
                if answered >= config.minClients && (pending.isEmpty || now >= s.deadline) { return (true, [], 0) }
                // Not enough results coming: ask connected clients that were not asked.
                var extra: [String] = []
                if answered + pending.count < config.minClients || (now >= s.deadline && answered < config.minClients) {
                    for id in connected(s, now: now) where !s.selected.contains(id) {
                        s.selected.insert(id)
                        s.history[id]?.asked += 1
                        s.scores[id]?.requested = true
                        extra.append(id)
                        if answered + pending.count + extra.count >= config.minClients { break }
                    }
                }
                return (false, extra, max(config.minClients - answered, pending.count + extra.count))
            }
            if done { return true }
            if !recruited.isEmpty {
                signal()
                log("round \(round): asking \(recruited.joined(separator: ", ")) too, to reach \(config.minClients) result\(config.minClients == 1 ? "" : "s")")
            }
            if Date().timeIntervalSince(lastLog) >= 10 {
                log("round \(round): waiting for \(waiting) more result\(waiting == 1 ? "" : "s")")
                lastLog = Date()
            }
            guard pause(until: Date().addingTimeInterval(1), shouldStop: shouldStop) else { return false }
        }
    }

    /// Averages the round's results, updates the histories and builds the round's event.
    private func closeRound(_ round: Int, evaluate: ((GatedMLP) -> MetricErrors)?, log: (String) -> Void) throws -> FedLRound {
        let now = Date()
        let snapshot = state.withLock { s -> State in
            s.phase = .gathering(round: round + 1)
            return s
        }
        signal()
        let ids = snapshot.history.keys.sorted(by: FedLSelector.order)
        let contributions = ids.compactMap { id in
            snapshot.results[id].map { FedLContribution(client: id, examples: $0.report.examples, model: $0.model) }
        }
        let threshold = config.trainer.mode == .sp ? 0 : config.trainer.threshold
        let aggregation = try FedAvg.aggregate(snapshot.model, contributions, weighting: config.weighting, threshold: threshold)
        var clients: [FedLClient] = []
        var statuses: [String: FedLClientStatus] = [:]
        for id in ids {
            let history = snapshot.history[id] ?? FedLClientHistory(examples: 0)
            let alive = snapshot.links[id].map { isAlive($0, now: now) } ?? false
            let status: FedLClientStatus
            if snapshot.results[id] != nil { status = .answered }
            else if snapshot.selected.contains(id) { status = alive ? .late : .skipped }
            else { status = alive ? .idle : .absent }
            statuses[id] = status
            var entry = FedLClient(id: id, examples: history.examples, params: 0, responded: status == .answered,
                                   status: status, score: snapshot.scores[id])
            if let result = snapshot.results[id] {
                let r = result.report
                entry.errors = MetricErrors(train: r.trainError, val: r.valError, test: r.testError)
                entry.loss = r.loss
                entry.params = result.model.effectiveParameters
                entry.active = result.model.active
                entry.closed = snapshot.model.unitsMissing(from: result.model)
                entry.globalValError = r.globalValError
                entry.gradientVariance = r.gradientVariance
            }
            clients.append(entry)
        }
        let global = aggregation.model
        var errors = evaluate?(global.network) ?? MetricErrors()
        let weighted = contributions.map { c in (Double(config.weighting == .examples ? max(1, c.examples) : 1), snapshot.results[c.client]?.report) }
        let trainErrors = weighted.compactMap { w, r in r?.trainError.map { (w, $0) } }
        if !trainErrors.isEmpty {
            errors.train = trainErrors.reduce(0) { $0 + $1.0 * $1.1 } / trainErrors.reduce(0) { $0 + $1.0 }
        }
        state.withLock { s in
            for (id, status) in statuses {
                switch status {
                case .answered:
                    s.history[id]?.answered += 1
                    s.history[id]?.lastMergedRound = round
                    if let r = s.results[id]?.report {
                        if let e = r.globalValError { s.history[id]?.globalValError = e }
                        if let v = r.gradientVariance { s.history[id]?.gradientVariance = v }
                    }
                case .late: s.history[id]?.late += 1
                case .skipped: s.history[id]?.skipped += 1
                case .idle, .absent: break
                }
            }
            s.model = global
            s.completed = round
            s.selected = []
            s.results = [:]
            s.staging = [:]
            s.encoded = [:]
        }
        let skipped = statuses.filter { $0.value == .skipped || $0.value == .late }.map(\.key).sorted(by: FedLSelector.order)
        let died = aggregation.pruned.reduce(0) { $0 + $1.count }
        log("round \(round)/\(config.rounds): averaged \(contributions.count) result\(contributions.count == 1 ? "" : "s")"
            + (skipped.isEmpty ? "" : "; without \(skipped.map { "\($0) (\(statuses[$0]?.rawValue ?? ""))" }.joined(separator: ", "))")
            + "; \(died) unit\(died == 1 ? "" : "s") pruned; global model \(global.active.map(String.init).joined(separator: "-"))")
        return FedLRound(
            run: runID, ts: Date(), round: round, rounds: config.rounds, clients: clients,
            globalModel: FedLGlobal(errors: errors, params: global.effectiveParameters,
                                    paramsInitial: global.network.initialParameterCount, active: global.active,
                                    pruned: aggregation.pruned),
            sampled: snapshot.selected.count, available: snapshot.available,
            failures: snapshot.selected.count - contributions.count, strategy: config.strategy.rawValue)
    }

    /// Keeps a round at least `minimumRoundSeconds` long.
    private func pace(since start: Date, shouldStop: () -> Bool) {
        let until = start.addingTimeInterval(minimumRoundSeconds)
        while Date() < until, pause(until: until, shouldStop: shouldStop) {}
    }

    /// After the last round: waits until every connected client has been told the run is
    /// done (or `clientTimeout` passes).
    private func waitForGoodbyes(shouldStop: () -> Bool) {
        let until = Date().addingTimeInterval(config.clientTimeout)
        while Date() < until {
            let waiting = state.withLock { s in connected(s, now: Date()).contains { !s.told.contains($0) } }
            if !waiting || !pause(until: until, shouldStop: shouldStop) { return }
        }
    }

    func startEvent(resumed: Bool, dataset: String) -> RunStart {
        let t = config.trainer
        var extra: JSONObject = [
            "strategy": .string(config.strategy.rawValue), "min_clients": .int(config.minClients),
            "local_epochs": .int(t.epochs), "client_mode": .string(t.mode.rawValue),
            "weighting": .string(config.weighting.rawValue), "fraction": .double(config.fraction),
            "dp_clip": .double(config.privacy.clip), "dp_noise": .double(config.privacy.noise),
            "lr": .double(t.learningRate), "optimizer": .string(t.optimizer.rawValue),
            "lr_batch_scaling": .string(t.learningRateBatchScaling.rawValue),
            "params_initial": .int(model.network.initialParameterCount),
        ]
        if resumed { extra["resumed_at_round"] = .int(completedRounds) }
        return RunStart(run: runID, ts: Date(), model: "mlp-" + t.widths.map(String.init).joined(separator: "-"), dataset: dataset,
                        mode: "fedl", lambda: t.lambda, gamma: t.threshold, alphaBS: t.alphaBS, budget: t.budgetBytes,
                        epochs: config.rounds, batchSize: t.batchSize, seed: Int(clamping: t.seed), extra: extra)
    }

    func summary(started: Date) -> JSONObject {
        let m = model
        let effective = m.effectiveParameters, initial = m.network.initialParameterCount
        return [
            "rounds_done": .int(completedRounds), "params": .int(effective), "params_initial": .int(initial),
            "size_bytes": .int(effective * 4),
            "size_reduction": .double(1 - Double(effective) / Double(max(1, initial))),
            "active": .array(m.active.map { .int($0) }),
            "seconds": .double((Date().timeIntervalSince(started) * 1000).rounded() / 1000),
        ]
    }
}
