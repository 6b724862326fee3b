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
        let header = rest.splitTop(1)
        drawRunHeader(run, in: header.top, on: screen)
        if showsEpochTable {
            if epochTable.rows.isEmpty {
                screen.draw(TrainingCharts.isFederated(run.history) ? "no rounds yet" : "no epochs yet", in: header.rest.line(1), style: TextStyle(.dim), alignment: .center)
            } else {
                epochTable.render(in: header.rest, on: screen)
            }
            return
        }
        let charts = TrainingCharts.charts(for: run.history, compare: comparedRun?.history)
        if TrainingCharts.isFederated(run.history) {
            FedLRunView.draw(charts: charts, run: run.history, in: header.rest, on: screen)
            return
        }
        for (chart, area) in zip(charts, Self.chartAreas(in: header.rest, count: charts.count)) {
            chart.render(in: area, on: screen)
        }
    }

    private func drawRunHeader(_ run: TrainingRun, in rect: Rect, on screen: any Screen) {
        let h = run.history
        var parts = [h.run]
        if let s = h.start {
            var config = [s.model, s.dataset, s.mode ?? ""].filter { !$0.isEmpty }
            let u = screen.unicode
            if let l = s.lambda { config.append((u ? "λ=" : "lambda=") + ChartNumberFormat.trimmed(l, digits: 6)) }
            if let g = s.gamma { config.append((u ? "γ=" : "gamma=") + ChartNumberFormat.trimmed(g, digits: 4)) }
            if let a = s.alphaBS { config.append((u ? "α_bs=" : "alpha_bs=") + ChartNumberFormat.trimmed(a, digits: 4)) }
            if let b = s.budget { config.append("budget \(ChartNumberFormat.bytes(Double(b)))") }
            if let scaling = s.extra["lr_batch_scaling"]?.stringValue, scaling != "none" { config.append((u ? "lr∝batch " : "lr~batch ") + scaling) }
            parts.append(config.joined(separator: " "))
        }
        if let c = comparedRun {
            let overlaid = TrainingCharts.comparable(h, c.history)
            parts.append("vs \(c.history.run)" + (overlaid ? " (dashed)" : ": not comparable (epochs vs rounds)"))
        }
        screen.draw(parts.joined(separator: " · "), in: rect, style: TextStyle(.header, bold: true), pad: true)
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
