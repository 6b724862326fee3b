/// Where a message goes on screen. A short one sits on the status line
/// beside the key hints; a long one wraps into rows above the status line,
/// up to a third of the screen, and when even that is not enough its last row
/// says how to read the rest (`!`). Nothing is ever cut without saying so.
struct MessageArea: Sendable, Equatable {
    /// Rows drawn above the status line (empty when the message fits beside the hints).
    var rows: [StyledLine]
    /// The message drawn on the status line itself, right-aligned after the hints.
    var beside: StyledSpan?

    static let none = MessageArea(rows: [], beside: nil)

    /// The layout of `message` on a screen `width` x `screenRows` whose status line
    /// takes `hintsWidth` columns of hints; `historyKey` says whether `!` works now.
    static func layout(_ message: ConsoleMessage?, width: Int, screenRows: Int, hintsWidth: Int, historyKey: Bool) -> MessageArea {
        guard let message, width > 0 else { return .none }
        let style = TextStyle(message.isError ? .statusError : .flash, bold: message.isError)
        let text = (message.isError ? "✖ " : "") + String(message.text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        let textWidth = DisplayWidth.of(text)
        if hintsWidth + 2 + textWidth + 1 <= width {
            return MessageArea(rows: [], beside: StyledSpan(text, style))
        }
        var rows = TextWrap.lines(StyledLine(" " + text, style), width: width - 1, indent: message.isError ? 3 : 1)
        let room = max(1, screenRows / 3)
        if rows.count > room {
            let hidden = rows.count - room + 1
            rows = Array(rows.prefix(room - 1))
            let more = historyKey ? " … \(hidden) more line\(hidden == 1 ? "" : "s") — ! shows the whole message" : " … \(hidden) more line\(hidden == 1 ? "" : "s") (! shows them once this view is closed)"
            rows.append(StyledLine(more, TextStyle(.keyHint, bold: true)))
        }
        return MessageArea(rows: rows, beside: nil)
    }
}
