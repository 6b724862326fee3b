import Foundation
import MarvelCore

/// The connection to the API server as the console shows it: the core's
/// connection state (connecting, connected at, not responding or failing since),
/// one type for both.
public typealias ConsoleConnection = ConnectionState

/// What a pane sees of the world when it updates, handles a key or renders:
/// the latest poll of the cluster, where it comes from, and the body area.
public struct PaneContext: Sendable {
    /// The last good snapshot, kept while later polls fail.
    public var snapshot: ClusterSnapshot?
    /// Before `snapshot`: the nodes alone while the pods are still being listed (the Nodes
    /// pane shows them with the pod columns marked as loading).
    public var early: ClusterSnapshot?
    public var connection: ConsoleConnection
    /// Changes whenever the snapshot or connection changes.
    public var generation: Int
    /// The API server the data comes from, for "connecting to …" messages.
    public var serverURL: String
    public var layerRules: LayerRules
    public var readOnly: Bool
    /// The body area panes draw into (used to size pages and scrolling).
    public var viewport: Rect
    /// Templates, deployed instances and actions (nil when the console has none).
    public var backend: (any ConsoleBackend)?
    /// The time of the frame being drawn (ages and "stale since" read it).
    public var now: Date
    /// The console's current namespace (`:ns` changes it; one-namespace views follow it).
    public var namespace: String
    /// Watches and actions of the resource views (nil when the console has no cluster connection).
    public var resources: (any ResourceSource)?

    public init(snapshot: ClusterSnapshot?, connection: ConsoleConnection, generation: Int, serverURL: String,
                layerRules: LayerRules = LayerRules(), readOnly: Bool = false, viewport: Rect,
                backend: (any ConsoleBackend)? = nil, now: Date = Date(), namespace: String = "default",
                resources: (any ResourceSource)? = nil, early: ClusterSnapshot? = nil) {
        self.snapshot = snapshot
        self.early = early
        self.connection = connection
        self.generation = generation
        self.serverURL = serverURL
        self.layerRules = layerRules
        self.readOnly = readOnly
        self.viewport = viewport
        self.backend = backend
        self.now = now
        self.namespace = namespace
        self.resources = resources
    }
}
