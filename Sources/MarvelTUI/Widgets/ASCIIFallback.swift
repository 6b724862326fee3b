/// Turns text meant for a UTF-8 terminal into plain ASCII for terminals that
/// cannot show UTF-8: common symbols get a readable stand-in, anything else
/// outside ASCII becomes "?". Widgets apply it when `Screen.unicode` is false,
/// so panes can write messages with "—" or "…" and stay correct everywhere.
public enum ASCIIFallback {
    static let replacements: [Character: String] = [
        "—": "-", "–": "-", "…": "...", "·": "|", "•": "*", "●": "*", "◌": "o", "✖": "x", "✔": "+",
        "▼": "v", "▶": ">", "▲": "^", "›": ">", "‹": "<", "←": "<-", "→": "->", "↑": "^", "↓": "v",
        "‘": "'", "’": "'", "“": "\"", "”": "\"", "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+",
        "┘": "+", "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+", "█": "#", "░": ".", "\u{00A0}": " ",
        "○": "o", "◆": "#", "◇": "=", "■": "%", "□": "O", "★": "&", "☆": "~", "×": "x", "┄": ".",
    ]

    /// The ASCII rendering of `text`.
    public static func convert(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            if c.isASCII {
                out.append(c)
            } else if let r = replacements[c] {
                out += r
            } else {
                out.append("?")
            }
        }
        return out
    }
}
