/// Why the console can't start, with a message pointing to the CLI subcommands.
public struct TerminalUnavailable: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is missing.
    public enum Reason: Sendable, Hashable {
        /// TERM is unset (nil) or names a terminal that cannot address the screen.
        case dumbTerminal(term: String?)
        /// Standard input or output is not a terminal (a pipe, a file, a CI job).
        case notATerminal
        /// curses could not start on this TERM (no terminfo entry, for instance).
        case cursesFailed(term: String)
    }

    public var reason: Reason

    public init(_ reason: Reason) {
        self.reason = reason
    }

    static let cliPointer = "use the CLI instead: marvdash nodes, marvdash version (marvdash --help lists all)"

    public var description: String {
        switch reason {
        case .dumbTerminal(let term?):
            return "marvdash: the console needs a terminal (TERM=\(term)); \(Self.cliPointer)"
        case .dumbTerminal(nil):
            return "marvdash: the console needs a terminal (TERM is not set); \(Self.cliPointer)"
        case .notATerminal:
            return "marvdash: standard input/output is not a terminal; \(Self.cliPointer)"
        case .cursesFailed(let term):
            return "marvdash: cannot start the console on TERM=\(term) (no terminfo entry? try TERM=xterm-256color); \(Self.cliPointer)"
        }
    }

    /// Checks the preconditions for the console without touching the terminal:
    /// TERM set and not "dumb", then stdin and stdout both TTYs.
    public static func check(environment: [String: String], stdinIsTTY: Bool, stdoutIsTTY: Bool) throws(TerminalUnavailable) {
        let term = environment["TERM"]
        guard let term, !term.isEmpty, term != "dumb", term != "unknown" else {
            throw TerminalUnavailable(.dumbTerminal(term: term?.isEmpty == true ? nil : term))
        }
        guard stdinIsTTY, stdoutIsTTY else { throw TerminalUnavailable(.notATerminal) }
    }
}
