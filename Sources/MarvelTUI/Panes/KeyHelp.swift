/// One entry of a pane's key help: the keys, what they do, and whether the
/// action changes the cluster (such keys are hidden in read-only mode).
public struct KeyHelp: Sendable, Hashable {
    public var keys: String
    public var action: String
    public var mutates: Bool
    /// Shown in the status line's short hints, not only in the `?` overlay.
    public var hint: Bool
    /// The wording in the status line when shorter than `action`.
    public var short: String?

    public init(_ keys: String, _ action: String, mutates: Bool = false, hint: Bool = true, short: String? = nil) {
        self.keys = keys
        self.action = action
        self.mutates = mutates
        self.hint = hint
        self.short = short
    }

    /// What the status line says after the keys.
    public var hintText: String { short ?? action }
}
