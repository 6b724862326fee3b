import Foundation
import MarvelCore
import Testing

/// A Flower 0.17 server's log (the seed's FedL component) read as a federated run: rounds,
/// sampled and failed clients, losses and accuracy, the end.
@Suite struct FlowerServerLogTests {
    /// What `python3 server.py --rounds=3 --min_clients=2` prints with flwr 0.17 (format
    /// `%(levelname)s %(name)s %(asctime)s | %(filename)s:%(lineno)d | %(message)s`), written
    /// for this test: round 2 loses a client, round 3 samples only one.
    static let fixture = """
        INFO flower 2022-06-30 10:00:00,001 | app.py:77 | Flower server running (insecure, 3 rounds)
        INFO flower 2022-06-30 10:00:00,002 | server.py:118 | Initializing global parameters
        INFO flower 2022-06-30 10:00:00,003 | server.py:304 | Requesting initial parameters from one random client
        INFO flower 2022-06-30 10:00:04,120 | server.py:307 | Received initial parameters from one random client
        INFO flower 2022-06-30 10:00:04,121 | server.py:120 | Evaluating initial parameters
        INFO flower 2022-06-30 10:00:04,900 | server.py:123 | initial parameters (loss, other metrics): 2.3051, {'accuracy': 0.1}
        INFO flower 2022-06-30 10:00:04,901 | server.py:133 | FL starting
        DEBUG flower 2022-06-30 10:00:05,000 | server.py:251 | fit_round: strategy sampled 2 clients (out of 2)
        DEBUG flower 2022-06-30 10:00:35,500 | server.py:260 | fit_round received 2 results and 0 failures
        INFO flower 2022-06-30 10:00:36,250 | server.py:148 | fit progress: (1, 0.5123, {'accuracy': 0.8104}, 31.349)
        DEBUG flower 2022-06-30 10:00:36,300 | server.py:201 | evaluate_round: strategy sampled 2 clients (out of 2)
        DEBUG flower 2022-06-30 10:00:38,000 | server.py:210 | evaluate_round received 2 results and 0 failures
        DEBUG flower 2022-06-30 10:00:38,100 | server.py:251 | fit_round: strategy sampled 2 clients (out of 2)
        DEBUG flower 2022-06-30 10:01:10,000 | server.py:260 | fit_round received 1 results and 1 failures
        INFO flower 2022-06-30 10:01:10,800 | server.py:148 | fit progress: (2, 0.4401, {'accuracy': 0.8433}, 65.899)
        DEBUG flower 2022-06-30 10:01:10,900 | server.py:251 | fit_round: strategy sampled 1 clients (out of 1)
        DEBUG flower 2022-06-30 10:01:40,000 | server.py:260 | fit_round received 1 results and 0 failures
        INFO flower 2022-06-30 10:01:40,700 | server.py:148 | fit progress: (3, 0.4012, {'accuracy': 0.8561}, 95.799)
        INFO flower 2022-06-30 10:01:41,000 | server.py:172 | FL finished in 96.1
        INFO flower 2022-06-30 10:01:41,001 | app.py:119 | app_fit: losses_distributed [(1, 0.55), (2, 0.47), (3, 0.43)]
        INFO flower 2022-06-30 10:01:41,002 | app.py:120 | app_fit: metrics_distributed {}
        INFO flower 2022-06-30 10:01:41,003 | app.py:121 | app_fit: losses_centralized [(0, 2.3051), (1, 0.5123), (2, 0.4401), (3, 0.4012)]
        INFO flower 2022-06-30 10:01:41,004 | app.py:122 | app_fit: metrics_centralized {'accuracy': [(0, 0.1), (1, 0.8104), (2, 0.8433), (3, 0.8561)]}

        """

    static func history(of text: String, run: String = "fedl-server-0") -> RunHistory {
        var log = FlowerServerLog(run: run)
        var history = RunHistory(run: run)
        for line in text.split(separator: "\n") {
            for event in log.translate(String(line)) { history.apply(event) }
        }
        return history
    }

    @Test func roundsSampledFailuresAndLossesComeFromTheLog() throws {
        let h = Self.history(of: Self.fixture)
        #expect(h.start?.mode == "flower" && h.start?.epochs == 3)
        #expect(h.plannedEpochs == 3)
        #expect(h.rounds.map(\.round) == [1, 2, 3])
        #expect(h.rounds.map(\.sampled) == [2, 2, 1])
        #expect(h.rounds.map(\.available) == [2, 2, 1])
        #expect(h.rounds.map(\.failures) == [0, 1, 0])
        #expect(h.rounds.map { $0.globalModel.loss } == [0.5123, 0.4401, 0.4012])
        let errors = h.rounds.compactMap { $0.global.test }
        #expect(errors.count == 3 && abs(errors[2] - (1 - 0.8561)) < 1e-12)
        #expect(h.status == .ended("completed"))
        #expect(h.end?.summary["seconds"]?.doubleValue == 96.1)
        #expect(h.rounds[1].ts == MetricTime.parse("2022-06-30T10:01:10.800Z"))
    }

    @Test func withoutCentralEvaluationTheDistributedLossesFillIn() {
        let lines = Self.fixture.split(separator: "\n").filter { !$0.contains("fit progress") }.joined(separator: "\n")
        let h = Self.history(of: lines)
        #expect(h.rounds.map { $0.globalModel.loss } == [0.55, 0.47, 0.43])
        #expect(h.rounds.compactMap { $0.global.test }.count == 3, "accuracy from app_fit: metrics_centralized")
    }

    @Test func otherLinesAreIgnored() {
        var log = FlowerServerLog(run: "x")
        for line in ["plain text", "INFO  kafka | a | b", #"{"type":"run.start"}"#, "WARNING flower 2022-06-30 10:00:00,000 | server.py:179 | deprecated"] {
            #expect(log.translate(line).isEmpty, "\(line)")
        }
    }

    /// `marvdash --metrics flower.log` follows a Flower server's log file like a metrics file.
    @Test func aFollowedLogFileBecomesAFederatedRun() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("flower-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.fixture.write(toFile: path, atomically: true, encoding: .utf8)
        let feed = MetricsFeed()
        let follower = MetricsFileFollower(path: path, feed: feed, pollInterval: 0.02)
        follower.start()
        defer { follower.stop() }
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, feed.runs().first?.history.end == nil { Thread.sleep(forTimeInterval: 0.02) }
        let run = try #require(feed.runs().first)
        #expect(run.history.run == (path as NSString).lastPathComponent.replacingOccurrences(of: ".log", with: ""))
        #expect(run.history.rounds.count == 3 && run.history.mode == "flower")
    }
}
