/// One screen of the console (Nodes, Services, …). The console owns the
/// panes, gives them new data with `update`, passes them the keys it does
/// not handle itself, and asks them to draw the body area.
public protocol Pane: Sendable {
    /// The tab label ("Nodes").
    var title: String { get }
    /// Keys this pane understands right now (read-only mode drops mutating ones).
    func keyHelp(readOnly: Bool) -> [KeyHelp]
    /// Whether `/` filters this pane in its current state.
    var acceptsFilter: Bool { get }
    /// The active filter text ("" for none).
    var filter: String { get }
    /// Sets the filter text (live, as the user types).
    mutating func setFilter(_ text: String, context: PaneContext)
    /// Takes in new data; called before every key and every frame.
    mutating func update(_ context: PaneContext)
    /// Handles a key; false when the pane has no use for it (the console then
    /// tries its own meaning, e.g. Esc clears the filter).
    mutating func handle(_ key: Key, context: PaneContext) -> Bool
    /// Draws the pane into `rect`.
    func render(in rect: Rect, on screen: any Screen, context: PaneContext)
    /// True while a view opened from the pane's list is shown (a detail, logs,
    /// manifests): `q` then goes back instead of quitting, and the pane is
    /// sent the `q` to close it.
    var isSubViewOpen: Bool { get }
    /// Whether the pane takes `key` before the console's own meaning of it
    /// (the resource views' `r` restarts a rollout instead of refreshing).
    func claims(_ key: Key) -> Bool
}

extension Pane {
    public var isSubViewOpen: Bool { false }
    public func claims(_ key: Key) -> Bool { false }
}
