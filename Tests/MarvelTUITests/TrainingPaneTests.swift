import Foundation
import MarvelCore
import Testing

@testable import MarvelTUI

@Suite struct TrainingPaneTests {
    typealias F = TrainingPaneFixtures

    /// Cells holding a braille pattern with at least one dot.
    func brailleCells(_ screen: MemoryScreen) -> Int {
        var n = 0
        for r in 0..<screen.rows {
            for c in 0..<screen.columns {
                if let v = screen.character(row: r, column: c).unicodeScalars.first?.value, v > 0x2800, v <= 0x28FF { n += 1 }
            }
        }
        return n
    }

    func key(_ pane: inout TrainingPane, _ key: Key) -> Bool {
        pane.handle(key, context: F.context(MemoryScreen(rows: 24, columns: 80)))
    }

    @Test func drawsRunsAndChartsAt80x24() {
        var pane = TrainingPane(source: F.feed())
        let screen = F.render(&pane, rows: 24, columns: 80)
        for text in ["RUN", "SOURCE", "EPOCH", "STATUS", "fm-dynhp", "file run.jsonl", "18/30", "running", "fm-hp",
                     "pod dynhp-train-7x2", "completed", "Model size", "Error", "Loss", "Batch (samples)", "100%", "0%",
                     "epoch", "size", "train", "val", "test"] {
            #expect(screen.contains(text), "\(text)")
        }
        #expect(screen.find("100%┤") != nil && screen.find("  0%┤") != nil)
        #expect(screen.contains("└1"))
        #expect(screen.contains("30"))
        #expect(brailleCells(screen) > 60)
        // Only the body rows are used: the title, tab and status rows stay blank.
        #expect(screen.line(0).isEmpty && screen.line(1).isEmpty && screen.line(23).isEmpty)
        #expect(pane.selectedRun?.history.run == "fm-dynhp")
    }

    @Test func drawsLargerChartsAt200x60() {
        var pane = TrainingPane(source: F.feed())
        let small = F.render(&pane, rows: 24, columns: 80)
        let screen = F.render(&pane, rows: 60, columns: 200)
        for text in ["fm-dynhp", "fm-hp", "Model size %", "Error %", "Loss", "Batch (samples)", "Memory", "h1", "h2", "400", "80MiB",
                     "fashion-mnist dynhp λ=", "lr∝batch linear"] {
            #expect(screen.contains(text), "\(text)")
        }
        #expect(brailleCells(screen) > 3 * brailleCells(small))
        // Charts sit side by side: two titles on one row.
        let row = screen.find("Model size")?.row
        #expect(row != nil && screen.line(row ?? 0).contains("Error"))
        #expect(screen.lines(matching: { $0.contains("└1") && $0.hasSuffix("epoch") }) == 2, "two rows of charts, each x axis with its unit")
    }

    @Test func epochTableTogglesWithEnterAndT() {
        var pane = TrainingPane(source: F.feed())
        #expect(key(&pane, .enter))
        #expect(pane.showsEpochTable)
        var screen = F.render(&pane, rows: 24, columns: 80)
        for text in ["EPOCH", "LOSS", "TRAIN", "VAL", "TEST", "SIZE", "BATCH"] { #expect(screen.contains(text), "\(text)") }
        #expect(screen.lines(matching: { $0.hasPrefix("    18 ") }) == 1, "the newest epoch is in view")
        #expect(!screen.contains("Model size"))
        #expect(key(&pane, .char("t")))
        #expect(!pane.showsEpochTable)
        _ = key(&pane, .char("t"))
        #expect(key(&pane, .escape))
        screen = F.render(&pane, rows: 24, columns: 80)
        #expect(screen.contains("Model size"))
    }

    @Test func comparesTwoRunsWithAFaintOverlay() {
        var pane = TrainingPane(source: F.feed())
        #expect(key(&pane, .char("c")))
        #expect(key(&pane, .char("j")))
        #expect(pane.selectedRun?.history.run == "fm-hp")
        #expect(pane.comparedRun?.history.run == "fm-dynhp")
        let screen = F.render(&pane, rows: 60, columns: 200)
        #expect(screen.contains("c fm-dynhp"))
        #expect(screen.contains("vs fm-dynhp"))
        let charts = TrainingCharts.charts(for: pane.selectedRun?.history ?? RunHistory(run: ""), compare: pane.comparedRun?.history)
        #expect(charts.allSatisfy { $0.series.contains(where: \.faint) })
        #expect(key(&pane, .escape))
        #expect(pane.comparedRun == nil)
        #expect(!F.render(&pane, rows: 60, columns: 200).contains("vs fm-dynhp"))
        #expect(!key(&pane, .escape), "with nothing to clear Esc goes to the console")
    }

    @Test func federatedRunsChartRoundsAndAreNotOverlaidOnEpochs() {
        let feed = F.feed()
        let rounds: [MetricEvent] = (1...4).map { r in
            .fedlRound(FedLRound(
                run: "fedl-demo", ts: F.t0.addingTimeInterval(Double(r)), round: r, rounds: 10,
                clients: [FedLClient(id: "edge-1", examples: 100, params: 900 - 50 * r, responded: true),
                          FedLClient(id: "edge-2", examples: 80, params: 900 - 40 * r, responded: r != 2)],
                global: MetricErrors(train: 0.3 - 0.02 * Double(r), val: 0.31 - 0.02 * Double(r)), globalParams: 900 - 45 * r))
        }
        feed.apply(rounds, from: .pod(namespace: "ml", name: "fedl-server-0"))
        var pane = TrainingPane(source: feed)
        _ = key(&pane, .char("c"))
        _ = key(&pane, .char("G"))
        #expect(pane.selectedRun?.history.run == "fedl-demo")
        let screen = F.render(&pane, rows: 24, columns: 80)
        for text in ["4/10", "fedl", "Global model size", "Global error", "round", "not comparable"] {
            #expect(screen.contains(text), "\(text)")
        }
        let charts = TrainingCharts.charts(for: pane.selectedRun?.history ?? RunHistory(run: ""), compare: pane.comparedRun?.history)
        #expect(charts.allSatisfy { !$0.series.contains(where: \.faint) })
    }

    @Test func asciiModeUsesOnlyASCII() {
        var pane = TrainingPane(source: F.feed())
        _ = key(&pane, .char("c"))
        _ = key(&pane, .char("j"))
        for (rows, columns) in [(24, 80), (60, 200)] {
            let screen = F.render(&pane, rows: rows, columns: columns, unicode: false)
            #expect(screen.text.unicodeScalars.allSatisfy { $0.isASCII })
            #expect(screen.text.contains("*") && screen.text.contains("..."))
            #expect(screen.contains("lambda=0.0005"))
        }
    }

    @Test func followsNewEpochsAsTheyArrive() {
        let feed = F.feed()
        var pane = TrainingPane(source: feed)
        #expect(F.render(&pane, rows: 24, columns: 80).contains("18/30"))
        let more = F.events(run: "fm-dynhp", mode: "dynhp", epochs: 19, planned: 30, shrink: 0.8, end: nil).last
        if let more { feed.apply(more, from: .file(path: "/tmp/run.jsonl")) }
        #expect(F.render(&pane, rows: 24, columns: 80).contains("19/30"))
        feed.setState("retrying in 4s: connection refused", for: .podList(server: "https://10.0.0.1:6443"))
        #expect(F.render(&pane, rows: 24, columns: 80).contains("retrying in 4s"))
    }

    @Test func filterKeepsMatchingRuns() {
        var pane = TrainingPane(source: F.feed())
        let context = F.context(MemoryScreen(rows: 24, columns: 80))
        pane.setFilter("fm-hp", context: context)
        #expect(pane.runs.map(\.history.run) == ["fm-hp"])
        #expect(pane.selectedRun?.history.run == "fm-hp")
        pane.setFilter("nothing", context: context)
        #expect(F.render(&pane, rows: 24, columns: 80).contains("no runs match"))
    }

    @Test func saysHowToGetRunsWhenThereAreNone() {
        var pane = TrainingPane(source: MetricsFeed())
        let screen = F.render(&pane, rows: 24, columns: 80)
        #expect(screen.contains("No training runs yet"))
        #expect(screen.contains("marvdash dynhp train"))
        #expect(screen.contains("marvdash --metrics run.jsonl"))
        #expect(screen.contains("DynHP training"))
        #expect(!key(&pane, .enter) || !pane.showsEpochTable)
        var none = TrainingPane(source: nil)
        #expect(F.render(&none, rows: 24, columns: 80).contains("follows no metrics source"))
    }
}

extension MemoryScreen {
    /// How many lines satisfy `predicate`.
    func lines(matching predicate: (String) -> Bool) -> Int { (0..<rows).filter { predicate(line($0)) }.count }
}

@Suite struct TrainingSourcesTests {
    @Test func refusesDirectoriesAndEmptyNamesButWaitsForMissingFiles() throws {
        let dir = FileManager.default.temporaryDirectory.path
        #expect(throws: TrainingSourceError.directory(dir)) { try TrainingSources.check(files: [dir]) }
        #expect(TrainingSourceError.directory(dir).description.contains("is a directory"))
        #expect(throws: TrainingSourceError.emptyPath) { try TrainingSources.check(files: [""]) }
        try TrainingSources.check(files: [dir + "/not-written-yet-\(UUID().uuidString).jsonl"])
    }

    @Test func filesFeedTheSharedFeed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-sources-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try (#"{"type":"run.end","run":"x","ts":"2026-11-29T10:00:00Z","status":"failed"}"# + "\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let sources = TrainingSources(files: [path], cache: nil)
        sources.start()
        defer { sources.stop() }
        let deadline = Date().addingTimeInterval(20)
        while sources.feed.runs().isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(sources.feed.runs().first?.history.status == .ended("failed"))
    }
}
