import Synchronization

/// The bearer tokens the embedded cluster accepts when started with `--token`:
/// a set that tests may change while it runs (a rotated token file on the
/// client side meets a server that now takes only the new token). Empty: no
/// authentication, every request is served.
public final class AccessTokens: Sendable {
    private let tokens: Mutex<Set<String>>

    public init(_ tokens: Set<String> = []) {
        self.tokens = Mutex(tokens)
    }

    /// Whether requests must carry a token.
    public var required: Bool { tokens.withLock { !$0.isEmpty } }

    /// Whether `token` is accepted.
    public func accepts(_ token: String) -> Bool { tokens.withLock { $0.contains(token) } }

    /// Replaces the accepted tokens.
    public func set(_ newTokens: Set<String>) { tokens.withLock { $0 = newTokens } }
}
