import Foundation

/// The console's top row: "marvdash · context · namespace · server ·
/// connection state · notes · insecure · read-only · embedded cluster" on the
/// left, the clock on the right. When the row is short, the server URL is cut
/// first, then the namespace and context are left out, so the connection state
/// always shows (and the notes and marks whenever they fit next to it).
public enum TitleBar {
    /// "● connected" / "◌ connecting…" / "✖ not responding for 7 s" / "✖ <message>" with its style.
    public static func connectionBadge(_ connection: ConsoleConnection, now: Date = Date()) -> StyledSpan {
        switch connection {
        case .connecting: return StyledSpan("◌ connecting…", TextStyle(.statusPending))
        case .connected: return StyledSpan("● connected", TextStyle(.statusOK, bold: true))
        case .notResponding(let since):
            let seconds = max(0, Int(now.timeIntervalSince(since).rounded(.down)))
            return StyledSpan("✖ not responding for \(seconds) s", TextStyle(.statusError, bold: true))
        case .failed(let message, _): return StyledSpan("✖ \(message)", TextStyle(.statusError, bold: true))
        }
    }

    /// HH:MM:SS of `date` in `timeZone`.
    public static func clock(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.hour, .minute, .second], from: date)
        func two(_ v: Int?) -> String { let n = v ?? 0; return n < 10 ? "0\(n)" : String(n) }
        return "\(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }

    /// The left part as styled spans fitted into `width` columns.
    /// Without `unicode` every span is already plain ASCII, so widths are measured as drawn.
    public static func spans(
        options: ConsoleOptions, connection: ConsoleConnection, width: Int, unicode: Bool = true, now: Date = Date(),
        notes: [String] = []
    ) -> StyledLine {
        func text(_ s: String) -> String { unicode ? s : ASCIIFallback.convert(s) }
        let title = TextStyle(.title)
        let separator = text(" · ")
        let name = StyledSpan(" marvdash", TextStyle(.title, bold: true))
        var badge = connectionBadge(connection, now: now)
        badge.text = text(badge.text)
        var core = DisplayWidth.of(name.text) + DisplayWidth.of(separator + badge.text)
        // Tags after the badge, most important first; each shows only if it fits.
        var candidates: [StyledSpan] = notes.map { StyledSpan(separator + text($0), TextStyle(.statusWarn, bold: true)) }
        if !options.warnings.isEmpty { candidates.append(StyledSpan(separator + "insecure", TextStyle(.statusError, bold: true))) }
        if options.readOnly { candidates.append(StyledSpan(separator + "read-only", TextStyle(.statusWarn, bold: true))) }
        if options.embedded { candidates.append(StyledSpan(separator + "embedded cluster", TextStyle(.statusPending))) }
        var tags: [StyledSpan] = []
        for tag in candidates where core + DisplayWidth.of(tag.text) <= width {
            core += DisplayWidth.of(tag.text)
            tags.append(tag)
        }
        var spans = [name]
        var room = width - core
        for part in [options.contextName, options.namespace, options.serverURL].map(text) where !part.isEmpty {
            let need = DisplayWidth.of(separator + part)
            if need <= room {
                spans.append(StyledSpan(separator + part, title))
                room -= need
            } else {
                if room >= DisplayWidth.of(separator) + 8 {
                    spans.append(StyledSpan(separator + TextFit.clip(part, to: room - DisplayWidth.of(separator), unicode: unicode), title))
                }
                break
            }
        }
        spans += [StyledSpan(separator, title), badge] + tags
        return StyledLine(spans)
    }

    /// Draws the whole row.
    public static func draw(row: Int, width: Int, options: ConsoleOptions, connection: ConsoleConnection, now: Date,
                            notes: [String] = [], on screen: any Screen) {
        screen.fill(row: row, column: 0, count: width, character: " ", style: TextStyle(.title))
        let time = clock(now, timeZone: options.timeZone)
        let clockWidth = DisplayWidth.of(time) + 1
        let left = max(0, width - clockWidth - 1)
        let line = spans(options: options, connection: connection, width: left, unicode: screen.unicode, now: now, notes: notes)
        screen.draw(line, row: row, column: 0, width: left)
        screen.draw(time, row: row, column: width - clockWidth, width: clockWidth - 1, style: TextStyle(.title, bold: true))
    }
}
