import Foundation
import MarvelCore
import MarvelTUI

/// Training runs for the pane tests: a DynHP run still going (from a file)
/// and a finished hard-pruning run (from a pod), Fashion-MNIST-like numbers.
enum TrainingPaneFixtures {
    static let t0 = Date(timeIntervalSince1970: 1_780_000_000)

    static func events(run: String, mode: String, epochs: Int, planned: Int, shrink: Double, end: String?) -> [MetricEvent] {
        var events: [MetricEvent] = [
            .runStart(RunStart(run: run, ts: t0, model: "784-300-100-10", dataset: "fashion-mnist", mode: mode, lambda: 0.0005,
                               gamma: 0.01, alphaBS: 0.988, budget: 2 << 30, epochs: planned, batchSize: 128, seed: 1,
                               extra: ["lr_batch_scaling": .string(mode == "dynhp" ? "linear" : "none")])),
        ]
        for e in 1...epochs {
            let f = Double(e) / Double(planned)
            let h1 = Int(300 * (1 - shrink * f)), h2 = Int(100 * (1 - shrink * 0.8 * f))
            let params = 784 * h1 + h1 * h2 + h2 * 10
            events.append(.dynhpEpoch(DynHPEpoch(
                run: run, ts: t0.addingTimeInterval(Double(e) * 42), epoch: e, epochs: planned, loss: 0.9 - 0.5 * f,
                trainError: 0.20 - 0.11 * f, valError: 0.21 - 0.10 * f, testError: 0.215 - 0.10 * f, params: params,
                paramsInitial: 266_200, active: [784, h1, h2, 10], batchSize: mode == "dynhp" ? 128 + 12 * e : 128,
                memoryBytes: 90_000_000 - e * 2_000_000, flops: 2 * params)))
        }
        if let end { events.append(.runEnd(RunEnd(run: run, ts: t0.addingTimeInterval(9999), status: end, summary: ["test_error": 0.1]))) }
        return events
    }

    static func feed() -> MetricsFeed {
        let feed = MetricsFeed()
        feed.apply(events(run: "fm-dynhp", mode: "dynhp", epochs: 18, planned: 30, shrink: 0.8, end: nil), from: .file(path: "/tmp/run.jsonl"))
        feed.apply(events(run: "fm-hp", mode: "hp", epochs: 30, planned: 30, shrink: 0.6, end: "completed"),
                   from: .pod(namespace: "ml", name: "dynhp-train-7x2"))
        feed.setState("following", for: .file(path: "/tmp/run.jsonl"))
        return feed
    }

    static func context(_ screen: MemoryScreen) -> PaneContext {
        PaneContext(snapshot: nil, connection: .connecting, generation: 1, serverURL: "https://127.0.0.1:6443",
                    viewport: Rect(row: 2, column: 0, height: screen.rows - 3, width: screen.columns))
    }

    static func render(_ pane: inout TrainingPane, rows: Int, columns: Int, unicode: Bool = true) -> MemoryScreen {
        let screen = MemoryScreen(rows: rows, columns: columns, unicode: unicode)
        let context = context(screen)
        pane.update(context)
        pane.render(in: context.viewport, on: screen, context: context)
        return screen
    }
}
