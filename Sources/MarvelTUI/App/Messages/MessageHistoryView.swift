import Foundation

/// The `!` view: every message of the session in full, wrapped, newest last,
/// each with the time it showed.
enum MessageHistoryView {
    static func lines(_ history: [ConsoleMessage], width: Int, timeZone: TimeZone) -> [StyledLine] {
        guard !history.isEmpty else { return [StyledLine("no messages yet in this session", TextStyle(.dim))] }
        var out: [StyledLine] = []
        for message in history {
            let time = message.shownAt.map { TitleBar.clock($0, timeZone: timeZone) } ?? "--:--:--"
            let style = TextStyle(message.isError ? .statusError : .normal, bold: message.isError)
            let line = StyledLine([StyledSpan(time + " ", TextStyle(.dim)), StyledSpan((message.isError ? "✖ " : "") + message.text, style)])
            out += TextWrap.lines(line, width: max(20, width), indent: 9)
        }
        return out
    }
}
