import Synchronization
#if canImport(Glibc)
    import Glibc
#endif

/// Lends the terminal to a credential plugin that prompts (a password, an MFA
/// code). In the CLI the plugin simply runs; while the full-screen console owns
/// the terminal it installs a lender that suspends curses, runs the plugin on
/// the main thread and resumes. One handoff is shared by a session's client
/// and its console.
public final class TerminalHandoff: Sendable {
    /// Runs a body with the terminal lent to it and returns when it has run.
    public typealias Lender = @Sendable (_ body: @escaping @Sendable () -> Void) -> Void

    private let lender = Mutex<Lender?>(nil)
    private let terminalOverride: Bool?

    /// `hasTerminal` overrides the stdin check (tests).
    public init(hasTerminal: Bool? = nil) {
        terminalOverride = hasTerminal
    }

    /// Whether standard input is a terminal a plugin could prompt on.
    public var hasTerminal: Bool { terminalOverride ?? (isatty(STDIN_FILENO) == 1) }

    /// Installs (or, with nil, removes) the lender of a full-screen UI.
    public func setLender(_ newLender: Lender?) {
        lender.withLock { $0 = newLender }
    }

    /// Runs `body` with the terminal: through the installed lender, else right here.
    public func lend(_ body: @escaping @Sendable () -> Void) {
        if let current = lender.withLock({ $0 }) {
            current(body)
        } else {
            body()
        }
    }
}
