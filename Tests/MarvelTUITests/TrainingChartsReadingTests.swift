import Foundation
import MarvelCore
import Testing

@testable import MarvelTUI

/// The Training charts read without colour (issue 17): every assertion here is on
/// the screen's text alone, as a NO_COLOR or monochrome terminal shows it.
@Suite struct TrainingChartsReadingTests {
    typealias F = TrainingPaneFixtures

    func key(_ pane: inout TrainingPane, _ key: Key, rows: Int = 24, columns: Int = 80) -> Bool {
        pane.handle(key, context: F.context(MemoryScreen(rows: rows, columns: columns)))
    }

    /// A run whose errors and loss spike at epoch 1 (90 %, loss 8) and then stay between 10 and 25 %.
    static func spikeEvents(run: String = "spiky", epochs: Int = 20) -> [MetricEvent] {
        var events: [MetricEvent] = [
            .runStart(RunStart(run: run, ts: F.t0, model: "784-300-100-10", dataset: "fashion-mnist", mode: "dynhp", lambda: 0.0005,
                               gamma: 0.01, alphaBS: 0.988, budget: 2 << 30, epochs: epochs, batchSize: 128, seed: 1)),
        ]
        for e in 1...epochs {
            let f = Double(e) / Double(epochs)
            let error = e == 1 ? 0.9 : 0.25 - 0.15 * f
            events.append(.dynhpEpoch(DynHPEpoch(
                run: run, ts: F.t0.addingTimeInterval(Double(e)), epoch: e, epochs: epochs, loss: e == 1 ? 8 : 0.5 - 0.3 * f,
                trainError: error, valError: error + 0.01, testError: error + 0.02, params: 200_000, paramsInitial: 266_200,
                active: [784, 250, 90, 10], batchSize: 128, memoryBytes: 64 << 20, flops: 400_000)))
        }
        return events
    }

    static func pane(_ events: [MetricEvent]...) -> TrainingPane {
        let feed = MetricsFeed()
        for (i, e) in events.enumerated() { feed.apply(e, from: .file(path: "/tmp/run\(i).jsonl")) }
        return TrainingPane(source: feed)
    }

    /// The rows and columns where `text` occurs on the screen.
    func occurrences(_ text: String, on screen: MemoryScreen) -> [(row: Int, column: Int)] {
        var out: [(Int, Int)] = []
        for row in 0..<screen.rows {
            let line = screen.line(row)
            var from = line.startIndex
            while let r = line.range(of: text, range: from..<line.endIndex) {
                out.append((row, DisplayWidth.of(String(line[..<r.lowerBound]))))
                from = r.upperBound
            }
        }
        return out
    }

    @Test func legendEntriesDifferAndEachLineIsNamedAtItsEnd() {
        let errors = [("train", 0.0), ("val", 3.0), ("test", 6.0)].enumerated().map { i, s in
            ChartSeries(name: s.0, points: (1...12).map { ChartPoint(x: Double($0), y: 40 - Double($0) * 2 + s.1) }, role: ChartPalette.role(i))
        }
        for unicode in [true, false] {
            let chart = LineChart(title: "Error %", series: errors, yFormat: .percent)
            let screen = MemoryScreen(rows: 12, columns: 60, unicode: unicode)
            chart.render(in: Rect(row: 0, column: 0, height: 12, width: 60), on: screen)
            let glyphs = errors.map { $0.marker.glyph(unicode: unicode) }
            #expect(Set(glyphs).count == 3, "three different markers")
            for (s, glyph) in zip(errors, glyphs) {
                #expect(screen.line(0).contains("\(glyph) \(s.name)"), "legend entry \(glyph) \(s.name) in \(screen.line(0))")
            }
            // Each name sits in the plot right of its line's last point (the last epoch, at the plot's right edge).
            let axis = screen.find(unicode ? "└1" : "+1")
            let axisRow = axis?.row ?? 0
            for (s, glyph) in zip(errors, glyphs) {
                let inPlot = occurrences(s.name, on: screen).filter { $0.row > 0 && $0.row < axisRow }
                #expect(inPlot.count == 1, "\(s.name) named once at its line's end")
                guard let at = inPlot.first else { continue }
                #expect(at.column > 40, "\(s.name) right of the last point, not inside the curve")
                // Its marker sits on the last point, left of the name, within a row of it.
                let marks = occurrences(glyph, on: screen).filter { $0.row > 0 && $0.row < axisRow && $0.column < at.column }
                #expect(marks.contains { $0.column == at.column - 1 }, "\(glyph) on the last point, just left of the name")
                #expect(marks.count >= 2, "\(s.name)'s marker along its line")
            }
        }
    }

    @Test func namesAtTheLineEndsNeverOverlap() {
        // Three lines ending at the same value: their names stack up and down.
        let series = (0..<3).map { i in
            ChartSeries(name: ["alpha", "beta", "gamma"][i], points: (1...10).map { ChartPoint(x: Double($0), y: Double(10 - $0) * Double(i + 1)) },
                        role: ChartPalette.role(i))
        }
        let screen = MemoryScreen(rows: 10, columns: 50)
        LineChart(title: "t", series: series).render(in: Rect(row: 0, column: 0, height: 10, width: 50), on: screen)
        let rows = series.compactMap { s in occurrences(s.name, on: screen).first { $0.row > 0 }?.row }
        #expect(rows.count == 3 && Set(rows).count == 3, "each name on its own row: \(rows)")
    }

    @Test func theLegendStaysTheSameDuringARun() {
        let all = F.events(run: "fm", mode: "dynhp", epochs: 18, planned: 30, shrink: 0.8, end: nil)
        func legends(_ events: [MetricEvent]) -> [String] {
            var history = RunHistory(run: "fm")
            for e in events { history.apply(e) }
            return TrainingCharts.charts(for: history, compare: nil).map { $0.legendLine(unicode: true).plainText }
        }
        let early = legends(Array(all.prefix(2))), late = legends(all)
        #expect(early == late)
        #expect(late[0] == "● size  ◆ in  ■ h1  ★ h2")
        #expect(late[1] == "● train  ◆ val  ■ test")
    }

    @Test func theErrorAxisIgnoresTheEpochOneSpikeAndFTogglesTheFullRange() {
        var pane = Self.pane(Self.spikeEvents())
        var screen = F.render(&pane, rows: 40, columns: 120)
        let error = TrainingCharts.charts(for: pane.selectedRun?.history ?? RunHistory(run: ""), compare: nil)[1]
        #expect(error.extents.y.upperBound <= 30, "fitted to the epochs after the first: \(error.extents.y)")
        #expect(screen.contains("30%┤") || screen.contains("25%┤"))
        #expect(!screen.contains("90%") && !screen.contains("100%┤ "))
        #expect(screen.contains("▲"), "the clipped spike is marked")
        #expect(key(&pane, .char("f"), rows: 40, columns: 120))
        screen = F.render(&pane, rows: 40, columns: 120)
        let full = TrainingCharts.charts(for: pane.selectedRun?.history ?? RunHistory(run: ""), compare: nil, options: pane.chartOptions)[1]
        #expect(full.extents.y.upperBound >= 90)
        #expect(screen.contains("100%┤"))
        #expect(!screen.contains("▲"))
    }

    @Test func lTurnsTheLossToALogScale() {
        var pane = Self.pane(Self.spikeEvents())
        #expect(!F.render(&pane, rows: 40, columns: 120).contains("Loss (log)"))
        #expect(key(&pane, .char("l")))
        let screen = F.render(&pane, rows: 40, columns: 120)
        #expect(screen.contains("Loss (log)"))
        let loss = TrainingCharts.charts(for: pane.selectedRun?.history ?? RunHistory(run: ""), compare: nil, options: pane.chartOptions)[2]
        #expect(loss.yScale == .log)
        // On a log scale 1, 10 and 100 are evenly spaced: the middle value lands on the middle row.
        let chart = LineChart(title: "Loss", series: [ChartSeries(name: "loss", points: [ChartPoint(x: 1, y: 100), ChartPoint(x: 2, y: 10),
                                                                                         ChartPoint(x: 3, y: 1)], role: .series1)],
                              yScale: .log)
        #expect(chart.yLabels.max == "100" && chart.yLabels.min == "1")
        let canvas = chart.canvas(width: 3, height: 5, unicode: false)
        #expect(canvas.isSet(row: 0, column: 0) && canvas.isSet(row: 2, column: 1) && canvas.isSet(row: 4, column: 2))
    }

    @Test func everyAxisHasItsUnitAndXHasLabelledTicks() {
        var pane = TrainingPane(source: F.feed())
        let screen = F.render(&pane, rows: 40, columns: 120)
        for text in ["Model size %", "Error %", "Loss", "Batch (samples)", "Memory", "MiB┤"] {
            #expect(screen.contains(text), "\(text)")
        }
        // Every chart's x axis: ticks 1, 10, 20, 30 in order, then its unit.
        let axes = (0..<screen.rows).map(screen.line).flatMap { line in
            line.components(separatedBy: "└").dropFirst().map { String($0) }
        }
        #expect(axes.count == 5, "five x axes: \(axes)")
        for axis in axes {
            let ticks = axis.split(whereSeparator: { $0 == "─" || $0 == " " }).map(String.init)
            let numbers = ticks.dropLast().compactMap { Int($0) }
            #expect(ticks.last == "epoch" && numbers.count == ticks.count - 1, "\(axis)")
            #expect(numbers.first == 1 && numbers.last == 30 && numbers.count >= 4 && numbers == numbers.sorted(), "\(axis)")
            #expect(numbers.dropFirst().allSatisfy { $0 % 5 == 0 }, "ticks at round epochs: \(numbers)")
        }
    }

    @Test func panelsLineUpAndNothingIsCutAt80x24And120x40And200x60() {
        for (rows, columns, expected) in [(24, 80, 4), (40, 120, 5), (60, 200, 5)] {
            var pane = TrainingPane(source: F.feed())
            let screen = F.render(&pane, rows: rows, columns: columns)
            let corners = occurrences("└", on: screen)
            #expect(corners.count == expected, "\(rows)x\(columns): \(corners.count) charts")
            // Charts in one grid column share their axis column; grid columns are evenly spaced.
            let axisColumns = Set(corners.map(\.column)).sorted()
            let gridColumns = TrainingChartGrid.columns(for: Rect(row: 0, column: 0, height: rows, width: columns))
            #expect(axisColumns.count == gridColumns, "\(rows)x\(columns): \(axisColumns)")
            if axisColumns.count > 1 {
                let steps = zip(axisColumns, axisColumns.dropFirst()).map { $1 - $0 }
                #expect(Set(steps).count == 1 && steps[0] == (columns - (gridColumns - 1)) / gridColumns + 1)
            }
            // Charts in one grid row share their axis row.
            #expect(Set(corners.map(\.row)).count == (expected + gridColumns - 1) / gridColumns)
            for title in ["Model size %", "Error %", "Loss", "Batch (samples)"] { #expect(screen.contains(title), "\(title) at \(rows)x\(columns)") }
            #expect(!screen.text.contains("…"), "nothing cut at \(rows)x\(columns)")
            #expect(screen.line(rows - 1).isEmpty)
        }
    }

    @Test func vShowsTheChartsThatDidNotFit() {
        var pane = TrainingPane(source: F.feed())
        var screen = F.render(&pane, rows: 24, columns: 80)
        #expect(!screen.contains("Memory") && screen.contains("4 of 5 charts (v: next)"))
        #expect(key(&pane, .char("v")))
        screen = F.render(&pane, rows: 24, columns: 80)
        #expect(screen.contains("Memory") && screen.contains("MiB"))
    }

    @Test func comparedRunsAlignByFractionOfTheirLengthOrByEpoch() {
        let short = F.events(run: "short", mode: "dynhp", epochs: 20, planned: 20, shrink: 0.5, end: "completed")
        let long = F.events(run: "long", mode: "dynhp", epochs: 300, planned: 300, shrink: 0.5, end: "completed")
        var pane = Self.pane(short, long)
        _ = key(&pane, .char("j"))
        _ = key(&pane, .char("c"))
        _ = key(&pane, .char("k"))
        #expect(pane.selectedRun?.history.run == "short" && pane.comparedRun?.history.run == "long")
        func spans() -> [Double] {
            let chart = TrainingCharts.charts(for: pane.selectedRun?.history ?? RunHistory(run: ""), compare: pane.comparedRun?.history,
                                              options: pane.chartOptions)[1]
            let x = chart.extents.x
            return chart.series.map { s in ((s.points.map(\.x).max() ?? 0) - x.lowerBound) / (x.upperBound - x.lowerBound) }
        }
        /// The rightmost columns of the selected run's (●) and the compared run's (○) train markers
        /// in the Error chart (top right), as a share of its plot's width.
        func reach(_ screen: MemoryScreen) -> (selected: Double, compared: Double) {
            let title = screen.find("Error %") ?? (0, 0)
            let axis = occurrences("└", on: screen).first { $0.column > title.column } ?? (0, 0)
            // The plot ends where its x axis line does (the unit follows after a space); every cell is one column wide.
            let axisLine = Array(screen.line(axis.row))
            var right = axis.column + 1
            while right < axisLine.count, axisLine[right] != " " { right += 1 }
            func last(_ glyph: String) -> Double {
                let columns = occurrences(glyph, on: screen).filter { $0.row > title.row && $0.row < axis.row && $0.column > axis.column }
                return Double((columns.map(\.column).max() ?? axis.column) - axis.column) / Double(max(1, right - axis.column))
            }
            return (last("●"), last("○"))
        }
        // Different lengths: by fraction at first, both runs reach the right edge.
        var screen = F.render(&pane, rows: 40, columns: 120)
        #expect(spans().allSatisfy { $0 > 0.99 }, "\(spans())")
        let byFraction = reach(screen)
        #expect(byFraction.selected > 0.85 && byFraction.compared > 0.85, "both span the plot: \(byFraction)\n\(screen.text)")
        #expect(screen.contains("100%") && screen.contains("of run") && screen.contains("by % of run"))
        #expect(screen.contains("○◇□ vs long"), "the compared run's hollow markers in the legend")
        #expect(key(&pane, .char("a")))
        screen = F.render(&pane, rows: 40, columns: 120)
        let byEpoch = spans()
        #expect(byEpoch.prefix(3).allSatisfy { $0 < 0.07 } && byEpoch.suffix(3).allSatisfy { $0 > 0.99 }, "\(byEpoch)")
        #expect(screen.contains("300") && screen.contains("by epoch") && !screen.contains("of run"))
        let byEpochOnScreen = reach(screen)
        #expect(byEpochOnScreen.selected < 0.15 && byEpochOnScreen.compared > 0.95, "true epochs: \(byEpochOnScreen)\n\(screen.text)")
    }

    @Test func aComparedRunHasItsOwnLegendEntryWithHollowMarkersAt80x24() {
        var pane = TrainingPane(source: F.feed())
        _ = key(&pane, .char("c"))
        _ = key(&pane, .char("j"))
        let screen = F.render(&pane, rows: 24, columns: 80)
        #expect(screen.contains("○◇□☆ vs fm-dynhp"), "the size chart's legend, not cut:\n\(screen.text)")
        #expect(screen.contains("○◇□ vs fm-dynhp"))
        #expect(screen.contains("● size ◆ in ■ h1 ★ h2"), "entries closer together when the legend is tight")
        #expect(screen.contains("dashed, hollow marks, by epoch"), "same length: by epoch")
    }

    @Test func theTrainingKeysAreInTheReference() {
        let keys = ConsoleReference.help(.training).map(\.keys)
        for k in ["a", "f", "l", "v"] { #expect(keys.contains(k), "\(k)") }
        #expect(ConsoleReference.markdown().contains("loss on a log scale"))
    }
}
