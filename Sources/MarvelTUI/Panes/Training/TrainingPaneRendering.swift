import MarvelCore

/// Drawing the Training pane: the runs table on top, a line of source
/// problems if any, then the charts in a grid (or the epoch table).
extension TrainingPane {
    public func render(in rect: Rect, on screen: any Screen, context: PaneContext) {
        screen.blank(rect)
        guard !allRuns.isEmpty else {
            TrainingEmptyState.draw(problems: problems, hasSource: source != nil, in: rect, on: screen)
            return
        }
        let tableHeight = min(max(2, runs.count + 1), max(3, rect.height / 4))
        var (top, rest) = rect.splitTop(tableHeight)
        table.render(in: top, on: screen)
        if runs.isEmpty, top.height > 1 {
            screen.draw("no runs match \"\(filter)\" — Esc clears the filter", in: top.line(1), style: TextStyle(.dim))
        }
        if !problems.isEmpty, rest.height > 4 {
            let split = rest.splitTop(1)
            screen.draw("✖ " + problems.joined(separator: " · "), in: split.top, style: TextStyle(.statusWarn))
            rest = split.rest
        }
        guard let run = selectedRun, rest.height >= 3 else { return }
        let headerLines = TrainingRunHeader.lines(headerParts(run, unicode: screen.unicode), width: rest.width,
                                                  maxLines: rest.height >= 12 ? 2 : 1)
        let header = rest.splitTop(headerLines.count)
        for (i, line) in headerLines.enumerated() {
            screen.draw(line, in: header.top.line(i), style: TextStyle(.header, bold: true), pad: true)
        }
        if showsEpochTable {
            if epochTable.rows.isEmpty {
                screen.draw(TrainingCharts.isFederated(run.history) ? "no rounds yet" : "no epochs yet", in: header.rest.line(1), style: TextStyle(.dim), alignment: .center)
            } else {
                epochTable.render(in: header.rest, on: screen)
            }
            return
        }
        let sweep = sweepRuns.map(\.history)
        if sweep.isEmpty, TrainingCharts.isFederated(run.history) {
            let charts = TrainingCharts.charts(for: run.history, compare: comparedRun?.history)
            FedLRunView.draw(charts: charts, run: run.history, in: header.rest, on: screen)
            return
        }
        let charts = sweep.isEmpty
            ? TrainingCharts.charts(for: run.history, compare: comparedRun?.history)
            : TrainingSweeps.charts(sweep, unicode: screen.unicode)
        for (chart, area) in zip(charts, Self.chartAreas(in: header.rest, count: charts.count)) {
            chart.render(in: area, on: screen)
        }
    }

    /// The header's parts: the run (see `TrainingRunHeader`) and what it is compared with.
    func headerParts(_ run: TrainingRun, unicode: Bool) -> [String] {
        if let compareSweep {
            return ["sweep \(compareSweep): \(sweepRuns.count) runs compared (s or Esc stops)"]
                + TrainingRunHeader.parts(run.history, unicode: unicode).dropFirst(1)
        }
        var parts = TrainingRunHeader.parts(run.history, unicode: unicode)
        if let c = comparedRun {
            let overlaid = TrainingCharts.comparable(run.history, c.history)
            parts.append("vs \(c.history.run)" + (overlaid ? " (dashed)" : ": not comparable (epochs vs rounds)"))
        }
        return parts
    }

    /// Where the charts go: a 2x2 grid, one column when narrow, one row
    /// of two (the first two charts) when short.
    static func chartAreas(in rect: Rect, count: Int) -> [Rect] {
        guard count > 0, !rect.isEmpty else { return [] }
        let columns = rect.width >= 64 ? 2 : 1
        let rowsWanted = (count + columns - 1) / columns
        let rowCount = max(1, min(rowsWanted, rect.height / 5))
        var areas: [Rect] = []
        let chartHeight = rect.height / rowCount
        let chartWidth = (rect.width - (columns - 1)) / columns
        for r in 0..<rowCount {
            for c in 0..<columns {
                let height = r == rowCount - 1 ? rect.height - chartHeight * r : chartHeight
                let width = c == columns - 1 ? rect.width - (chartWidth + 1) * c : chartWidth
                areas.append(Rect(row: rect.row + r * chartHeight, column: rect.column + c * (chartWidth + 1), height: height,
                                  width: width))
            }
        }
        return Array(areas.prefix(count))
    }
}
