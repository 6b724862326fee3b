import Foundation
import MarvelCore
import Testing

@testable import MarvelTUI

/// The Training pane's sweep and speed views: a sweep's runs listed together and compared
/// with `s` (one line per run, labelled by what differs), the samples/s of the run and its
/// rise since epoch 1, and the embedded cluster's reduced runs named as such.
@Suite struct TrainingPaneSweepTests {
    typealias F = TrainingPaneFixtures

    static func run(_ id: String, sweep: String?, lambda: Double, speeds: [Double], extra: JSONObject = [:]) -> [MetricEvent] {
        var fields = extra
        if let sweep { fields["sweep"] = .string(sweep) }
        fields["lr_batch_scaling"] = "linear"
        var events: [MetricEvent] = [.runStart(RunStart(
            run: id, ts: F.t0, model: "mlp-784-300-100-10", dataset: "fashion-mnist", mode: "dynhp", lambda: lambda, gamma: 0.5,
            alphaBS: 0.988, budget: 2 << 30, epochs: 10, batchSize: 128, seed: 1, extra: fields))]
        for (i, speed) in speeds.enumerated() {
            let e = i + 1
            events.append(.dynhpEpoch(DynHPEpoch(
                run: id, ts: F.t0.addingTimeInterval(Double(e)), epoch: e, epochs: 10, loss: 0.5, trainError: 0.1, valError: 0.12,
                testError: 0.12 - 0.001 * Double(e), params: 266_610 - 20_000 * e, paramsInitial: 266_610, active: [784, 300, 100],
                batchSize: 128 + 10 * e, memoryBytes: 1 << 20, flops: 1000, samplesPerSecond: speed,
                phase: e > 8 ? DynHPEpoch.finetunePhase : DynHPEpoch.prunePhase)))
        }
        return events
    }

    static func feed() -> MetricsFeed {
        let feed = MetricsFeed()
        feed.apply(run("lam-1", sweep: "lam", lambda: 0.1, speeds: [20_000, 30_000]), from: .pod(namespace: "ml", name: "lam-1-abc"))
        feed.apply(run("solo", sweep: nil, lambda: 0.3, speeds: [20_000, 25_000, 48_000]), from: .file(path: "/tmp/solo.jsonl"))
        feed.apply(run("lam-2", sweep: "lam", lambda: 0.2, speeds: [19_000, 41_000, 50_000]), from: .pod(namespace: "ml", name: "lam-2-def"))
        feed.apply(run("lam-3", sweep: "lam", lambda: 0.3, speeds: [21_000]), from: .pod(namespace: "ml", name: "lam-3-ghi"))
        return feed
    }

    func key(_ pane: inout TrainingPane, _ key: Key) -> Bool {
        pane.handle(key, context: F.context(MemoryScreen(rows: 40, columns: 160)))
    }

    @Test func aSweepsRunsAreListedTogetherAndComparedWithS() {
        var pane = TrainingPane(source: Self.feed())
        var screen = F.render(&pane, rows: 40, columns: 160)
        #expect(pane.runs.map(\.history.run) == ["lam-1", "lam-2", "lam-3", "solo"], "the sweep's runs stay together")
        #expect(screen.contains("SWEEP") && screen.contains("lam"))
        #expect(pane.keyHelp(readOnly: false).contains { $0.keys == "s" && $0.hint })
        #expect(key(&pane, .char("s")))
        #expect(pane.compareSweep == "lam")
        #expect(pane.sweepRuns.count == 3)
        screen = F.render(&pane, rows: 40, columns: 160)
        #expect(screen.contains("sweep lam: 3 runs compared"))
        for text in ["Model size", "Test error", "Batch (samples)", "Samples/s", "λ=0.1", "λ=0.2", "λ=0.3"] {
            #expect(screen.contains(text), "\(text)")
        }
        let charts = TrainingSweeps.charts(pane.sweepRuns.map(\.history), unicode: true)
        #expect(charts.count == 4)
        #expect(charts.allSatisfy { $0.series.map(\.name) == ["λ=0.1", "λ=0.2", "λ=0.3"] })
        #expect(key(&pane, .escape))
        #expect(pane.compareSweep == nil)
        // A run outside any sweep has nothing to compare with s.
        _ = key(&pane, .char("G"))
        #expect(pane.selectedRun?.history.run == "solo")
        #expect(key(&pane, .char("s")) && pane.compareSweep == nil)
    }

    @Test func theHeaderShowsTheSpeedAndItsRiseSinceEpochOne() {
        var pane = TrainingPane(source: Self.feed())
        _ = key(&pane, .char("G"))
        let screen = F.render(&pane, rows: 40, columns: 160)
        #expect(screen.contains("48,000 samples/s ×2.4 since epoch 1"), "\(screen.text)")
        #expect(TrainingRunHeader.speed(RunHistory(run: "none"), unicode: true) == nil)
        #expect(TrainingRunHeader.grouped(1_234_567) == "1,234,567" && TrainingRunHeader.grouped(999) == "999")
        let ascii = F.render(&pane, rows: 40, columns: 160, unicode: false)
        #expect(ascii.contains("48,000 samples/s x2.4 since epoch 1"))
        // The epoch table lists each epoch's speed and marks fine-tuning epochs.
        var history = RunHistory(run: "ft")
        for e in Self.run("ft", sweep: nil, lambda: 0.1, speeds: Array(repeating: 10_000, count: 9)) { history.apply(e) }
        let rows = TrainingEpochTable.rows(for: history)
        guard case .data(let cells)? = rows.last else {
            Issue.record("no epoch rows")
            return
        }
        #expect(cells.first == .plain("9 ft"))
        #expect(cells.contains(.plain("10,000")))
    }

    @Test func theEmbeddedClustersReducedRunSaysSoInItsHeader() {
        let feed = MetricsFeed()
        feed.apply(Self.run("dynhp-train-x", sweep: nil, lambda: 0.3, speeds: [5_000],
                            extra: ["requested_arch": "784-300-100-10", "reduced_for": "the embedded cluster"])
                   .map { event -> MetricEvent in
                       guard case .runStart(var s) = event else { return event }
                       s.model = "mlp-196-75-25-10"
                       return .runStart(s)
                   }, from: .pod(namespace: "default", name: "dynhp-train-x"))
        var pane = TrainingPane(source: feed)
        let wide = F.render(&pane, rows: 40, columns: 160)
        #expect(wide.contains("784-300-100-10 reduced to 196-75-25-10 for the embedded cluster"))
        // At 80 columns the header takes two lines rather than cutting the note.
        let narrow = F.render(&pane, rows: 24, columns: 80)
        #expect(narrow.contains("784-300-100-10 reduced to 196-75-25-10 for the embedded cluster"), "\(narrow.text)")
    }
}
