import Foundation
import MarvelCore
import MarvelNet
import Synchronization

/// A federated server on loopback (a real `HTTPServer` on a free port serving `FedLService`),
/// its rounds driven on a background thread, and clients (`FedLClientSession`) on threads of
/// their own, all with tiny synthetic data so a round takes milliseconds. Events and the
/// server's own lines are collected for the tests to wait on.
final class FedLTestRig: Sendable {
    static let arch = [12, 8, 6, 3]
    let coordinator: FedLCoordinator
    let server: HTTPServer
    let events = TestBox<[MetricEvent]>([])
    let lines = TestBox<[String]>([])
    let outcome = TestBox<FedLRunOutcome?>(nil)
    let failure = TestBox<String?>(nil)
    let stopServer = Atomic<Bool>(false)
    private let finished = TestSignal()

    static func config(rounds: Int, minClients: Int, clientTimeout: Double = 1, roundTimeout: Double = 60,
                       strategy: FedLStrategy = .all, startClients: Int? = nil) -> FedLRunConfig {
        FedLRunConfig(
            trainer: DynHPConfig(widths: arch, mode: .hp, lambda: 1, threshold: 0.3, batchSize: 16, budgetBytes: 64 << 20,
                                 epochs: 2, seed: 5, learningRate: 0.02),
            rounds: rounds, minClients: minClients, strategy: strategy, roundTimeout: roundTimeout, clientTimeout: clientTimeout,
            startClients: startClients)
    }

    /// A synthetic dataset shaped for `arch`, shared by all clients (each takes its shard).
    static let data = SyntheticDataset(dimension: 12, informative: 8, classes: 3, trainCount: 300, validationCount: 60,
                                       testCount: 60, noise: 0.8, seed: 3).generate()

    /// Starts serving `start` on `port` (0: a free one); `afterRound` runs on the round thread
    /// after each checkpoint (tests block it to order events).
    init(start: FedLServerState, port: Int = 0, token: String? = nil, store: FedLCheckpoint? = nil, resumed: Bool = false,
         afterRound: @escaping @Sendable (Int) -> Void = { _ in }) throws {
        coordinator = FedLCoordinator(start: start, token: token)
        server = try HTTPServer(host: "127.0.0.1", port: port, handler: FedLService(coordinator: coordinator))
        server.start()
        let coordinator = self.coordinator
        let thread = Thread { [self] in
            let hooks = FedLRunHooks(
                log: { line in self.lines.update { $0.append(line) } },
                emit: { event in self.events.update { $0.append(event) } },
                afterRound: { state in
                    try store?.save(state)
                    afterRound(state.round)
                },
                evaluate: { network in MetricErrors(test: Self.data.test.error(of: network)) })
            do {
                let result = try coordinator.run(resumed: resumed, shouldStop: { self.stopServer.load(ordering: .acquiring) }, hooks: hooks)
                self.outcome.update { $0 = result }
            } catch {
                self.failure.update { $0 = "\(error)" }
            }
            self.finished.signal()
        }
        thread.start()
    }

    var url: String { server.baseURL }

    /// The `fedl.round` events so far.
    var rounds: [FedLRound] {
        events.current.compactMap { if case .fedlRound(let r) = $0 { return r } else { return nil } }
    }

    /// Waits (generous deadline) until `condition` holds on the rounds so far.
    func waitForRounds(seconds: Double = 60, _ condition: ([FedLRound]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition(rounds) { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return condition(rounds)
    }

    /// Waits for the round thread to return.
    func waitUntilFinished(seconds: Double = 60) -> Bool { finished.wait(seconds: seconds) }

    func stop() {
        stopServer.store(true, ordering: .releasing)
        coordinator.stop()
        server.stop()
    }
}

/// A client session on its own thread; `kill()` stops it where it stands (mid-training it
/// sends nothing more, like a killed process).
final class FedLTestClient: Sendable {
    let id: String
    let killed = Atomic<Bool>(false)
    let events = TestBox<[MetricEvent]>([])
    let log = TestBox<[String]>([])
    let outcome = TestBox<Result<FedLClientOutcome, FedLError>?>(nil)
    private let done = TestSignal()

    init(id: String, shard: Int, of count: Int, url: String, token: String? = nil,
         onEvent: @escaping @Sendable (FedLTestClient, MetricEvent) -> Void = { _, _ in },
         onLog: @escaping @Sendable (FedLTestClient, String) -> Void = { _, _ in }) {
        self.id = id
        let data = FedLShard(index: shard, count: count).apply(to: FedLTestRig.data)
        let thread = Thread { [self] in
            let session = FedLClientSession(
                channel: FedLChannel(server: url, token: token, retryFor: 30), clientID: id, data: .loaded(data), seed: 9,
                shouldStop: { self.killed.load(ordering: .acquiring) },
                log: { line in
                    self.log.update { $0.append(line) }
                    onLog(self, line)
                },
                emit: { event in
                    self.events.update { $0.append(event) }
                    onEvent(self, event)
                })
            do {
                let result = try session.run()
                outcome.update { $0 = .success(result) }
            } catch let error as FedLError {
                outcome.update { $0 = .failure(error) }
            } catch {
                outcome.update { $0 = .failure(FedLError("\(error)")) }
            }
            done.signal()
        }
        thread.start()
    }

    func kill() { killed.store(true, ordering: .releasing) }

    func waitUntilFinished(seconds: Double = 60) -> Bool { done.wait(seconds: seconds) }

    /// Local epochs it trained so far.
    var epochs: Int { events.current.filter { if case .dynhpEpoch = $0 { return true } else { return false } }.count }
}
