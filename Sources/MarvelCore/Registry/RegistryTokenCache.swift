import Foundation
import Synchronization

/// Bearer tokens a registry's token service issued, one per scope
/// ("repository:app:pull", "registry:catalog:*"), kept until shortly before
/// they expire; and whether the registry asked for basic auth, so later
/// requests send it at once instead of being refused first. Shared by the
/// copies of one `RegistryClient`; safe on any thread.
public final class RegistryTokenCache: Sendable {
    private struct Entry {
        var token: String
        var expires: Date
    }

    private let state = Mutex<(tokens: [String: Entry], basic: Bool, fetches: Int)>(([:], false, 0))
    /// Tokens are dropped this many seconds before they expire.
    static let margin: TimeInterval = 10

    public init() {}

    /// The token cached for `scope`, when it is still good at `now`.
    func token(for scope: String, now: Date = Date()) -> String? {
        let scope = Self.key(scope)
        return state.withLock { s in
            guard let entry = s.tokens[scope] else { return nil }
            if entry.expires.timeIntervalSince(now) <= Self.margin {
                s.tokens[scope] = nil
                return nil
            }
            return entry.token
        }
    }

    func store(_ token: String, for scopes: [String], lifetime: TimeInterval, now: Date = Date()) {
        state.withLock { s in
            for scope in scopes { s.tokens[Self.key(scope)] = Entry(token: token, expires: now.addingTimeInterval(lifetime)) }
            s.fetches += 1
        }
    }

    func forget(_ scope: String) { state.withLock { _ = $0.tokens.removeValue(forKey: Self.key(scope)) } }

    /// One key per scope whatever order the registry names its actions in:
    /// "repository:app:push,pull" and "repository:app:pull,push" are the same scope.
    public static func key(_ scope: String) -> String {
        guard let colon = scope.lastIndex(of: ":") else { return scope }
        return scope[..<colon] + ":" + scope[scope.index(after: colon)...].split(separator: ",").sorted().joined(separator: ",")
    }

    /// Whether the registry answered a request with a Basic challenge.
    var usesBasic: Bool {
        get { state.withLock { $0.basic } }
    }

    func markBasic() { state.withLock { $0.basic = true } }

    /// How many tokens were fetched from the token service so far.
    public var tokenFetches: Int { state.withLock { $0.fetches } }
}
