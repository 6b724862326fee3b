import Foundation

/// What one reflector is doing, for the connection state and the title bar.
public struct ReflectorStatus: Sendable, Equatable {
    public var kind: CachedKind
    /// Listed at least once: the store holds the kind's objects.
    public var synced = false
    /// A watch is open.
    public var watching = false
    /// The last failure, one line; nil while lists and watches succeed.
    public var lastError: String?
    /// When the current run of failures began.
    public var failingSince: Date?
    /// Set when listing every namespace was forbidden and only this one is watched.
    public var namespace: String?
    /// The server refuses to list the kind at all (403), or does not serve it (404).
    public var unavailable: String?
    /// The resourceVersion watches resume from.
    public var resourceVersion = ""
    /// Lists and watches started so far (tests, diagnostics).
    public var lists = 0
    public var watches = 0

    public init(kind: CachedKind) { self.kind = kind }
}
