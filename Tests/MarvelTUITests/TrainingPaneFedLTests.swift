import Foundation
import MarvelCore
import MarvelTUI
import Testing

/// Federated runs in the Training pane, rendered into the in-memory screen: the global and
/// per-client curves, the clients × rounds strip, the clients' pruning side by side, the
/// round table, and a Flower run read from its server log.
@Suite struct TrainingPaneFedLTests {
    typealias F = TrainingPaneFixtures
    static let t0 = F.t0

    /// Three rounds of a 3-client run on a 20-10-5-3 network: client 3 is skipped in round 2 and
    /// late in round 3; in round 3 client 1 closes hidden units 4 and 7, client 2 only unit 4.
    static func events() -> [MetricEvent] {
        var events: [MetricEvent] = [
            .runStart(RunStart(run: "fl-demo", ts: t0, model: "mlp-20-10-5-3", dataset: "synthetic", mode: "fedl", lambda: 0.3,
                               gamma: 0.5, epochs: 5, extra: ["strategy": "all"])),
        ]
        let statuses: [[FedLClientStatus]] = [[.answered, .answered, .answered], [.answered, .answered, .skipped],
                                              [.answered, .answered, .late]]
        let closed: [[[Int]]] = [[[], [4, 7], []], [[], [4], []], [[], [], []]]
        for r in 1...3 {
            let clients = (1...3).map { k -> FedLClient in
                let status = statuses[r - 1][k - 1]
                let answered = status == .answered
                return FedLClient(id: String(k), examples: 100, errors: MetricErrors(test: answered ? 0.4 - 0.05 * Double(r + k) : nil),
                                  params: answered ? 300 - 20 * r - k : 0, responded: answered, status: status,
                                  active: answered ? [20, 10 - r, 5] : nil, closed: answered ? (r == 3 ? closed[k - 1] : [[], [], []]) : nil)
            }
            let pruned: [[Int]] = r == 2 ? [[], [9], []] : (r == 3 ? [[], [4], []] : [[], [], []])
            events.append(.fedlRound(FedLRound(
                run: "fl-demo", ts: t0.addingTimeInterval(Double(r) * 30), round: r, rounds: 5, clients: clients,
                globalModel: FedLGlobal(errors: MetricErrors(val: 0.3 - 0.04 * Double(r), test: 0.31 - 0.04 * Double(r)),
                                        params: 293 - 25 * r, paramsInitial: 293, active: [20, 10 - r, 5], pruned: pruned),
                sampled: 3, available: 3, failures: r == 1 ? 0 : 1, strategy: "all")))
        }
        return events
    }

    static func pane(_ events: [MetricEvent]) -> TrainingPane {
        let feed = MetricsFeed()
        feed.apply(events, from: .pod(namespace: "marvel", name: "fedl-dynhp-x"))
        return TrainingPane(source: feed)
    }

    @Test func federatedRunShowsCurvesStripAndPruningSideBySide() {
        var pane = Self.pane(Self.events())
        let screen = F.render(&pane, rows: 40, columns: 140)
        for text in ["fl-demo", "3/5", "Global error", "clients' test", "Global model size", "global", "c1", "c2", "c3",
                     "Clients × rounds", "answered", "skipped", "Pruning, round 3: closed before the average", "in sync 50%",
                     "in 20", "h1 10", "h2 5", "closed: c1 2 · c2 1", "pruned by the average: 1"] {
            #expect(screen.contains(text), "\(text)\n\(screen.text)")
        }
        // The strip: client 3 answered, was skipped, then late.
        let stripRow = screen.lines.first { $0.hasPrefix("c3 ") && ($0.contains("●✖◐")) }
        #expect(stripRow != nil, "\(screen.text)")
        #expect(screen.lines.contains { $0.hasPrefix("c1 ") && $0.contains("●●●") })
        // The pruning rows: client 1 closed hidden units 4 and 7 (two cells of h1), client 2 unit 4.
        let c1 = screen.lines.first { $0.contains("c1 ") && $0.contains("░") }
        #expect(c1.map { $0.filter { $0 == "░" }.count } == 2, "\(screen.text)")
        let c2 = screen.lines.first { $0.contains("c2 ") && $0.contains("░") }
        #expect(c2.map { $0.filter { $0 == "░" }.count } == 1, "\(screen.text)")
        #expect(screen.lines.contains { $0.contains("global ") && $0.contains("▒") }, "unit 4 pruned by the average")
        #expect(screen.contains("late: its result missed the round"))
    }

    @Test func roundTableListsWhoAnsweredAndWhoMissed() {
        var pane = Self.pane(Self.events())
        _ = pane.handle(.char("t"), context: F.context(MemoryScreen(rows: 30, columns: 120)))
        #expect(pane.showsEpochTable)
        let screen = F.render(&pane, rows: 30, columns: 120)
        for text in ["ROUND", "ANSWERED", "MISSED", "PRUNED", "1,2,3", "3 skipped", "3 late", "20-9-5"] {
            #expect(screen.contains(text), "\(text)\n\(screen.text)")
        }
    }

    @Test func asciiTerminalsGetOnlyASCII() {
        var pane = Self.pane(Self.events())
        for (rows, columns) in [(24, 80), (40, 140), (30, 60)] {
            let screen = F.render(&pane, rows: rows, columns: columns, unicode: false)
            #expect(screen.text.unicodeScalars.allSatisfy { $0.isASCII }, "\(rows)x\(columns)")
        }
        let wide = F.render(&pane, rows: 40, columns: 140, unicode: false)
        #expect(wide.lines.contains { $0.hasPrefix("c3 ") && $0.contains("#xL") }, "\(wide.text)")
    }

    @Test func aFlowerRunShowsLossesAndFailures() {
        var log = FlowerServerLog(run: "fedl-server-0")
        let lines = [
            "INFO flower 2022-06-30 10:00:00,001 | app.py:77 | Flower server running (insecure, 3 rounds)",
            "DEBUG flower 2022-06-30 10:00:05,000 | server.py:251 | fit_round: strategy sampled 2 clients (out of 2)",
            "DEBUG flower 2022-06-30 10:00:35,500 | server.py:260 | fit_round received 2 results and 0 failures",
            "INFO flower 2022-06-30 10:00:36,250 | server.py:148 | fit progress: (1, 0.5123, {}, 31.349)",
            "DEBUG flower 2022-06-30 10:00:38,100 | server.py:251 | fit_round: strategy sampled 2 clients (out of 2)",
            "DEBUG flower 2022-06-30 10:01:10,000 | server.py:260 | fit_round received 1 results and 1 failures",
            "INFO flower 2022-06-30 10:01:10,800 | server.py:148 | fit progress: (2, 0.4401, {}, 65.899)",
        ]
        var pane = Self.pane(lines.flatMap { log.translate($0) })
        let screen = F.render(&pane, rows: 30, columns: 120)
        for text in ["fedl-server-0", "flower", "2/3", "Global loss", "Clients (per round)", "asked", "failed",
                     "round 2: 2 asked of 2, 1 failed", "Flower reports no pruning"] {
            #expect(screen.contains(text), "\(text)\n\(screen.text)")
        }
        #expect(screen.lines.contains { $0.hasPrefix("clients") && $0.contains("●◐") }, "\(screen.text)")
    }
}

extension MemoryScreen {
    /// Every row's text.
    var lines: [String] { (0..<rows).map { line($0) } }
}
