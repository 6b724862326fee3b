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
        let layout = layout(in: rect, unicode: screen.unicode)
        table.render(in: layout.table, on: screen)
        if runs.isEmpty, layout.table.height > 1 {
            screen.draw("no runs match \"\(filter)\" — Esc clears the filter", in: layout.table.line(1), style: TextStyle(.dim))
        }
        if let line = layout.problems {
            screen.draw("✖ " + problems.joined(separator: " · "), in: line, style: TextStyle(.statusWarn))
        }
        guard let run = selectedRun, let header = layout.header, let body = layout.body else { return }
        for (i, line) in layout.headerLines.enumerated() {
            screen.draw(line, in: header.line(i), style: TextStyle(.header, bold: true), pad: true)
        }
        if showsEpochTable {
            if epochTable.rows.isEmpty {
                screen.draw(TrainingCharts.isFederated(run.history) ? "no rounds yet" : "no epochs yet", in: body.line(1), style: TextStyle(.dim), alignment: .center)
            } else {
                epochTable.render(in: body, on: screen)
            }
            return
        }
        let charts = charts(for: run, unicode: screen.unicode)
        if sweepRuns.isEmpty, TrainingCharts.isFederated(run.history) {
            FedLRunView.draw(charts: charts, run: run.history, in: body, on: screen)
            return
        }
        var chartArea = body
        if sweepRuns.isEmpty, let bars = TrainingFilterBars(run.history), body.width >= 64 + TrainingFilterBars.width {
            let split = body.splitLeft(body.width - TrainingFilterBars.width)
            chartArea = split.left
            bars.draw(in: split.rest.splitLeft(1).rest, on: screen)
        }
        TrainingChartGrid.draw(charts, first: chartOptions.firstChart, in: chartArea, on: screen)
    }

    /// The charts of the selected run: its own (with a compared run), or its sweep's.
    func charts(for run: TrainingRun, unicode: Bool) -> [LineChart] {
        let sweep = sweepRuns.map(\.history)
        return sweep.isEmpty
            ? TrainingCharts.charts(for: run.history, compare: comparedRun?.history, options: chartOptions)
            : TrainingSweeps.charts(sweep, unicode: unicode, options: chartOptions)
    }

    /// Where the pane's parts go: the runs table, a line of source problems, the
    /// selected run's header and the charts (or epoch table) below it.
    struct Layout {
        var table: Rect
        var problems: Rect?
        var header: Rect?
        var headerLines: [String] = []
        var body: Rect?
    }

    func layout(in rect: Rect, unicode: Bool) -> Layout {
        let split = rect.splitTop(runTableRect(in: rect).height)
        var rest = split.rest
        var layout = Layout(table: split.top)
        if !problems.isEmpty, rest.height > 4 {
            let split = rest.splitTop(1)
            layout.problems = split.top
            rest = split.rest
        }
        guard let run = selectedRun, rest.height >= 3 else { return layout }
        let maxLines = rest.height >= 12 ? 2 : 1
        var parts = headerParts(run, unicode: unicode)
        if !showsEpochTable, !sweepRuns.isEmpty || !TrainingCharts.isFederated(run.history) {
            // Say when some charts wait behind `v`.
            let count = charts(for: run, unicode: unicode).count
            let capacity = TrainingChartGrid.capacity(in: rest.splitTop(maxLines).rest)
            if count > capacity { parts.append("\(capacity) of \(count) charts (v: next)") }
        }
        layout.headerLines = TrainingRunHeader.lines(parts, width: rest.width, maxLines: maxLines)
        let header = rest.splitTop(layout.headerLines.count)
        layout.header = header.top
        layout.body = header.rest
        return layout
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
            guard overlaid else {
                parts.append("vs \(c.history.run): not comparable (epochs vs rounds)")
                return parts
            }
            let alignment = chartOptions.effectiveAlignment([run.history, c.history])
            parts.append("vs \(c.history.run) (dashed, hollow marks, " + (alignment == .fraction ? "by % of run" : "by epoch") + ")")
        }
        return parts
    }
}
