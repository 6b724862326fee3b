import MarvelCore

/// The clients × rounds strip of a federated run: one row per client, one cell per round
/// (the latest rounds that fit), answered / late / skipped / not asked / not connected.
/// Flower runs, which do not name their clients, get one row: the round's failures.
enum FedLAvailabilityStrip {
    static func glyph(_ status: FedLClientStatus?, unicode: Bool) -> (String, TextStyle) {
        switch status {
        case .answered: return (unicode ? "●" : "#", TextStyle(.statusOK))
        case .late: return (unicode ? "◐" : "L", TextStyle(.statusWarn, bold: true))
        case .skipped: return (unicode ? "✖" : "x", TextStyle(.statusError, bold: true))
        case .idle: return (unicode ? "·" : ".", TextStyle(.dim))
        case .absent, nil: return (" ", TextStyle(.dim))
        }
    }

    /// The legend line.
    static func legend(unicode: Bool) -> StyledLine {
        var spans: [StyledSpan] = []
        for (status, name) in [(FedLClientStatus.answered, "answered"), (.late, "late"), (.skipped, "skipped"), (.idle, "not asked")] {
            let (g, style) = glyph(status, unicode: unicode)
            spans += [StyledSpan(g, style), StyledSpan(" \(name)  ", TextStyle(.dim))]
        }
        return StyledLine(spans)
    }

    static func draw(_ run: RunHistory, in rect: Rect, on screen: any Screen) {
        screen.blank(rect)
        guard rect.height > 0, rect.width > 4 else { return }
        let rounds = run.rounds
        let ids = FedLRunCharts.clientIDs(run)
        let labelWidth = ids.isEmpty ? 8 : min(10, max(6, (ids.map { $0.count + 2 }.max() ?? 6)))
        let cells = max(1, rect.width - labelWidth)
        let shown = Array(rounds.suffix(cells))
        let first = shown.first?.round ?? 1
        let title = "Clients × rounds" + (shown.count < rounds.count ? " (rounds \(first)–\(shown.last?.round ?? first))" : "")
        let used = screen.draw(title, in: rect.line(0), style: TextStyle(.title, bold: true))
        screen.draw(legend(unicode: screen.unicode), row: rect.row, column: rect.column + used + 2, width: max(0, rect.width - used - 2))
        guard rect.height > 1 else { return }
        if ids.isEmpty {
            drawCounts(shown, labelWidth: labelWidth, in: rect, on: screen)
            return
        }
        let rows = rect.height - 1
        let visible = ids.count > rows ? Array(ids.prefix(rows - 1)) : ids
        for (i, id) in visible.enumerated() {
            let row = rect.row + 1 + i
            screen.draw("c\(id)", row: row, column: rect.column, width: labelWidth - 1, style: TextStyle(.header))
            for (k, r) in shown.enumerated() {
                let (g, style) = glyph(r.clients.first { $0.id == id }?.effectiveStatus, unicode: screen.unicode)
                screen.put(g, row: row, column: rect.column + labelWidth + k, style: style)
            }
        }
        if visible.count < ids.count {
            screen.draw("… \(ids.count - visible.count) more clients", row: rect.row + rows, column: rect.column,
                        width: rect.width, style: TextStyle(.dim))
        }
    }

    /// Flower: per round, answered when no client failed, late when some did, skipped when none answered.
    private static func drawCounts(_ rounds: [FedLRound], labelWidth: Int, in rect: Rect, on screen: any Screen) {
        let row = rect.row + 1
        screen.draw("clients", row: row, column: rect.column, width: labelWidth - 1, style: TextStyle(.header))
        for (k, r) in rounds.enumerated() {
            let failures = r.failures ?? 0, asked = r.sampled ?? 0
            let status: FedLClientStatus = failures == 0 ? .answered : (failures < asked ? .late : .skipped)
            let (g, style) = glyph(asked == 0 ? .idle : status, unicode: screen.unicode)
            screen.put(g, row: row, column: rect.column + labelWidth + k, style: style)
        }
        if rect.height > 2, let last = rounds.last {
            screen.draw("round \(last.round): \(last.sampled ?? 0) asked of \(last.available ?? 0), \(last.failures ?? 0) failed",
                        row: row + 1, column: rect.column, width: rect.width, style: TextStyle(.dim))
        }
    }
}
