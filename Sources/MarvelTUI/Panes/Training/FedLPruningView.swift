import MarvelCore

/// Each client's pruning side by side with the global model's, per gated layer, for the latest
/// round: a cell per group of units — kept, closed by the client before the average, pruned by
/// the average, or dead already — so an operator sees when the clients' pruning is not in sync.
enum FedLPruningView {
    enum Cell { case alive, closed, prunedNow, dead }

    static func glyph(_ cell: Cell, unicode: Bool) -> (String, TextStyle) {
        switch cell {
        case .alive: return (unicode ? "█" : "#", TextStyle(.series1))
        case .closed: return (unicode ? "░" : "-", TextStyle(.statusWarn, bold: true))
        case .prunedNow: return (unicode ? "▒" : "x", TextStyle(.statusError, bold: true))
        case .dead: return (unicode ? "·" : " ", TextStyle(.dim))
        }
    }

    /// The cells of one layer drawn `width` wide: each covers a consecutive group of units.
    static func cells(units: Int, width: Int, dead: Set<Int>, marked: Set<Int>, mark: Cell) -> [Cell] {
        guard units > 0, width > 0 else { return [] }
        let n = min(width, units)
        return (0..<n).map { k in
            let range = (k * units / n)..<max(k * units / n + 1, (k + 1) * units / n)
            if range.contains(where: { marked.contains($0) }) { return mark }
            return range.contains(where: { !dead.contains($0) }) ? .alive : .dead
        }
    }

    static func layerName(_ l: Int) -> String { l == 0 ? "in" : "h\(l)" }

    static func draw(_ run: RunHistory, in rect: Rect, on screen: any Screen) {
        screen.blank(rect)
        guard rect.height > 0, rect.width > 8 else { return }
        guard let state = FedLPruningState(run) else {
            screen.draw("Pruning", in: rect.line(0), style: TextStyle(.title, bold: true))
            let why = run.rounds.isEmpty ? "no round yet" : (run.mode == "flower" ? "Flower reports no pruning" : "no client has reported its pruning yet")
            screen.draw(why, in: rect.line(1), style: TextStyle(.dim))
            return
        }
        let u = screen.unicode
        var title = "Pruning, round \(state.round): closed before the average"
        if let a = state.agreement { title += " · in sync \(Int((a.fraction * 100).rounded()))%" }
        screen.draw(title, in: rect.line(0), style: TextStyle(.title, bold: true))
        guard rect.height > 2 else { return }
        let labelWidth = min(8, max(7, (state.clients.map { $0.id.count + 2 }.max() ?? 7)))
        let layers = state.widths.count
        let available = rect.width - labelWidth
        let segment = max(1, (available - (layers - 1)) / max(1, layers))
        func column(_ l: Int) -> Int { rect.column + labelWidth + l * (segment + 1) }
        for l in 0..<layers {
            screen.draw("\(layerName(l)) \(state.widths[l])", row: rect.row + 1, column: column(l), width: segment, style: TextStyle(.header))
        }
        var row = rect.row + 2
        let end = rect.row + rect.height
        func drawRow(_ label: String, _ cellsOf: (Int) -> [Cell]) {
            guard row < end else { return }
            screen.draw(label, row: row, column: rect.column, width: labelWidth - 1, style: TextStyle(.header))
            for l in 0..<layers {
                for (k, cell) in cellsOf(l).enumerated() {
                    let (g, style) = glyph(cell, unicode: u)
                    screen.put(g, row: row, column: column(l) + k, style: style)
                }
            }
            row += 1
        }
        drawRow("global", { l in
            cells(units: state.widths[l], width: segment, dead: state.deadBefore[l], marked: state.prunedNow[l], mark: .prunedNow)
        })
        for c in state.clients {
            guard row < end else { break }
            if c.status != .answered {
                screen.draw("c\(c.id)", row: row, column: rect.column, width: labelWidth - 1, style: TextStyle(.header))
                screen.draw(statusText(c.status), row: row, column: rect.column + labelWidth, width: available, style: TextStyle(.dim))
                row += 1
                continue
            }
            drawRow("c\(c.id)", { l in
                cells(units: state.widths[l], width: segment, dead: state.deadBefore[l], marked: c.closed[l], mark: .closed)
            })
        }
        if row < end {
            let closed = state.clients.filter { $0.status == .answered }
                .map { "c\($0.id) \($0.closed.reduce(0) { $0 + $1.count })" }.joined(separator: " · ")
            let pruned = state.prunedNow.reduce(0) { $0 + $1.count }
            var legend = [StyledSpan("closed: \(closed.isEmpty ? "-" : closed); pruned by the average: \(pruned)  ", TextStyle(.dim))]
            for (cell, name) in [(Cell.closed, "closed by the client"), (.prunedNow, "pruned now")] {
                let (g, style) = glyph(cell, unicode: u)
                legend += [StyledSpan(g, style), StyledSpan(" \(name)  ", TextStyle(.dim))]
            }
            screen.draw(StyledLine(legend), row: row, column: rect.column, width: rect.width)
        }
    }

    static func statusText(_ status: FedLClientStatus) -> String {
        switch status {
        case .answered: return "answered"
        case .late: return "late: its result missed the round"
        case .skipped: return "skipped: went silent during the round"
        case .idle: return "not asked this round"
        case .absent: return "not connected"
        }
    }
}
