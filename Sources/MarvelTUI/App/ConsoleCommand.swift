/// A `:` command line, parsed.
public enum ConsoleCommand: Sendable, Hashable {
    case quit
    case showPane(Int)
    case help
    case unknown(String)
    case empty

    /// Pane switch commands by name, in tab order.
    public static let paneNames = ["nodes", "services", "templates", "images", "training"]

    /// Parses what was typed after the `:` (a leading ":" is tolerated).
    public init(parsing line: String) {
        var text = Substring(line.trimmingCharacters(in: .whitespaces))
        if text.hasPrefix(":") { text = text.dropFirst() }
        let word = text.trimmingCharacters(in: .whitespaces).lowercased()
        switch word {
        case "": self = .empty
        case "q", "q!", "quit", "exit": self = .quit
        case "help", "h": self = .help
        default:
            if let index = Self.paneNames.firstIndex(of: word) {
                self = .showPane(index)
            } else if word.hasSuffix("s") == false, let index = Self.paneNames.firstIndex(of: word + "s") {
                self = .showPane(index)  // ":node", ":service" …
            } else {
                self = .unknown(String(text))
            }
        }
    }

    /// The flash message for an unknown command.
    public static func unknownMessage(_ text: String) -> String {
        "unknown command ':\(text)' — try :q, " + paneNames.map { ":" + $0 }.joined(separator: ", ")
    }
}
