import Foundation
import MarvelCore
import MarvelTUI
import Testing

/// A convolutional run's Training pane shows kept/initial filters per gated layer beside
/// the charts; an MLP run's does not.
@Suite struct TrainingFilterBarsTests {
    static func feed() -> MetricsFeed {
        let t0 = TrainingPaneFixtures.t0
        let feed = MetricsFeed()
        var events: [MetricEvent] = [.runStart(RunStart(run: "cnn", ts: t0, model: "lenet5", dataset: "fashion-mnist", mode: "hp", epochs: 3))]
        for (e, active) in [[6, 16, 120, 84], [5, 12, 90, 60], [4, 9, 61, 42]].enumerated() {
            events.append(.dynhpEpoch(DynHPEpoch(
                run: "cnn", ts: t0.addingTimeInterval(Double(e + 1) * 30), epoch: e + 1, epochs: 3, loss: 0.5, trainError: 0.2,
                valError: 0.2, params: 40_000 - e * 10_000, paramsInitial: 61_706, active: active, batchSize: 128,
                memoryBytes: 10_000_000, flops: 800_000, activeInitial: [6, 16, 120, 84])))
        }
        feed.apply(events, from: .file(path: "/tmp/cnn.jsonl"))
        return feed
    }

    @Test func convolutionalRunShowsFiltersPerLayerBesideTheCharts() throws {
        var pane = TrainingPane(source: Self.feed())
        let screen = TrainingPaneFixtures.render(&pane, rows: 40, columns: 140)
        for text in ["Filters kept per layer", "L1", "4/6", "9/16", "61/120", "42/84", "Model size"] {
            #expect(screen.contains(text), "\(text)")
        }
        let found: Int? = (0..<screen.rows).first { screen.line($0).contains("9/16") }
        let row = try #require(found, "a row with the 9/16 bar")
        #expect(screen.line(row).contains("█") && screen.line(row).contains("░"))
    }

    @Test func mlpRunsAndNarrowScreensHaveNoBars() {
        var pane = TrainingPane(source: TrainingPaneFixtures.feed())
        #expect(!TrainingPaneFixtures.render(&pane, rows: 40, columns: 140).contains("Filters kept per layer"))
        var cnn = TrainingPane(source: Self.feed())
        #expect(!TrainingPaneFixtures.render(&cnn, rows: 24, columns: 80).contains("Filters kept per layer"), "80 columns: charts only")
    }
}
