/// The one line the CLI prints for a command line it cannot parse: the
/// parser's first line without its "Error: " prefix, then where to read more —
/// the help of the subcommand that was given (`marvdash nodes --help`), or
/// the list of subcommands when the first word names none.
struct UsageErrorLine {
    /// The parser's message (may span lines; only the first is kept).
    var parserMessage: String
    /// The command-line arguments without the program name.
    var arguments: [String]
    /// The subcommand names, in help order.
    var subcommands: [String]

    var text: String {
        let first = parserMessage.split(separator: "\n").first.map(String.init) ?? parserMessage
        let message = first.hasPrefix("Error: ") ? String(first.dropFirst("Error: ".count)) : first
        if let word = arguments.first, !word.hasPrefix("-"), !subcommands.contains(word),
           message.hasPrefix("Unexpected argument '\(word)'") {
            return "unknown command '\(word)' (commands: \(subcommands.joined(separator: ", ")); see 'marvdash --help')"
        }
        let command = arguments.first { subcommands.contains($0) }
        let help = command.map { "marvdash \($0) --help" } ?? "marvdash --help"
        return "\(message) (see '\(help)')"
    }
}
