import Testing

@testable import MarvelTUI

@Suite struct ChartTests {
    let rising = ChartSeries(name: "size", points: (1...10).map { ChartPoint(x: Double($0), y: Double($0) * 10) }, role: .series1)

    @Test func labelsShowMinAndMaxOfBothAxes() {
        let chart = LineChart(title: "Size", series: [rising], yFormat: .percent)
        #expect(chart.yLabels.max == "100%" && chart.yLabels.min == "0%", "rounded out to a tick step")
        #expect(chart.xLabels.first == "1" && chart.xLabels.last == "10")
        let screen = MemoryScreen(rows: 10, columns: 40)
        chart.render(in: Rect(row: 0, column: 0, height: 10, width: 40), on: screen)
        #expect(screen.line(0).hasPrefix("Size"))
        #expect(screen.line(0).contains("size"), "legend on the title row")
        #expect(screen.line(1).hasPrefix("100%┤"))
        #expect(screen.line(8).hasPrefix("  0%┤"))
        #expect(screen.line(9).hasPrefix("    └1"))
        #expect(screen.line(9).hasSuffix("10 epoch"), "ticks up to the last epoch, then the unit")
        // A rising line: its first point low on the left, its last at the top right with its marker and name.
        let plotRight = 40 - chart.naturalNameWidth
        #expect(screen.character(row: 7, column: 5) != "\u{2800}" && screen.character(row: 7, column: 5) != " ")
        #expect(screen.character(row: 1, column: plotRight - 1) == "●")
        #expect(screen.style(row: 1, column: plotRight - 1).role == .series1)
        #expect(screen.line(1).hasSuffix("●size"))
    }

    @Test func fixedRangesWidenToTheData() {
        var chart = LineChart(title: "t", series: [rising], yFormat: .number, yRange: 0...50)
        #expect(chart.extents.y == 0...100)
        chart.series = [ChartSeries(name: "flat", points: [ChartPoint(x: 1, y: 5)], role: .series2)]
        chart.yRange = nil
        #expect(chart.extents.y.lowerBound < 5 && chart.extents.y.upperBound > 5)
        #expect(chart.extents.x.lowerBound < chart.extents.x.upperBound)
    }

    @Test func numberFormats() {
        #expect(ChartNumberFormat.bytes.label(48 * 1024 * 1024, span: 1) == "48MiB")
        #expect(ChartNumberFormat.bytes.label(1536 * 1024 * 1024, span: 1) == "1.5GiB")
        #expect(ChartNumberFormat.bytes(48 * 1024 * 1024) == "48M", "tables keep the one-letter units")
        #expect(ChartNumberFormat.percent.label(9.5, span: 5) == "9.5%")
        #expect(ChartNumberFormat.number.label(128, span: 64) == "128")
        #expect(ChartNumberFormat.number.label(266_610, span: 100_000) == "266.6k")
    }

    @Test func asciiChartUsesOnlyASCII() {
        let faint = ChartSeries(name: "vs b", points: rising.points.map { ChartPoint(x: $0.x, y: $0.y / 2) }, role: .series1, faint: true)
        let chart = LineChart(title: "Size", series: [rising, faint], yFormat: .percent)
        let screen = MemoryScreen(rows: 8, columns: 30, unicode: false)
        chart.render(in: Rect(row: 0, column: 0, height: 8, width: 30), on: screen)
        #expect(screen.text.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(screen.text.contains("*") && screen.text.contains("."))
        #expect(screen.text.contains("@ size") && screen.text.contains("o vs b"), "ASCII markers in the legend")
        #expect(screen.text.contains("+"))
    }

    @Test func everyLineIsNamedAtItsEndButACompareRunsLinesGoByTheirLegend() {
        // A sweep of six runs: colours repeat (dashed) after four, every line keeps its name.
        var series = (0..<6).map { i in
            ChartSeries(name: "r\(i)", points: (1...10).map { ChartPoint(x: Double($0), y: Double(i * 10 + $0)) }, role: ChartPalette.role(i),
                        faint: i >= 4, marker: ChartMarker(shape: i % ChartMarker.shapeCount, hollow: i >= ChartMarker.shapeCount))
        }
        series.append(ChartSeries(name: "r0", points: [ChartPoint(x: 1, y: 0), ChartPoint(x: 5, y: 1)], role: .series1, faint: true,
                                  marker: ChartMarker(shape: 0, hollow: true), legendGroup: "vs other"))
        let screen = MemoryScreen(rows: 14, columns: 60)
        LineChart(title: "Sweep", series: series).render(in: Rect(row: 0, column: 0, height: 14, width: 60), on: screen)
        let plotLines = (1..<13).map(screen.line)
        for i in 0..<6 { #expect(plotLines.contains { $0.contains("r\(i)") }, "r\(i) named:\n\(screen.text)") }
        #expect(plotLines.filter { $0.contains("r0") }.count == 1, "the compared run's r0 is not named again")
        #expect(screen.line(0).contains("○ vs other"))
    }

    @Test func tinyAndEmptyChartsDoNotCrash() {
        let screen = MemoryScreen(rows: 6, columns: 20)
        LineChart(title: "Empty", series: []).render(in: Rect(row: 0, column: 0, height: 6, width: 20), on: screen)
        #expect(screen.contains("no data yet"))
        for h in 0..<4 {
            for w in [0, 1, 5, 9] {
                LineChart(title: "x", series: [rising]).render(in: Rect(row: 0, column: 0, height: h, width: w), on: screen)
            }
        }
    }
}
