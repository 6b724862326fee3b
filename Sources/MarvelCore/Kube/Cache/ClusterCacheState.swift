/// One reading of the cluster cache: the latest snapshot (kept while the
/// server is away), the connection state, and notes for the title bar.
public struct ClusterCacheState: Sendable {
    /// nil until nodes and pods have been listed once.
    public var snapshot: ClusterSnapshot?
    /// The nodes alone (`podsLoading` set), from when they are listed until `snapshot` is
    /// out, for a first frame of the Nodes pane while the pods are still being read.
    public var early: ClusterSnapshot?
    public var connection: ConnectionState
    /// Changes whenever the snapshot, the connection or the notes change (the console redraws).
    public var generation: Int
    /// Lasting facts about what is seen: "namespace marvel only (no rights to list every namespace)",
    /// "not allowed to list nodes".
    public var notes: [String]
    /// Said once when it first appears: the metrics API is missing.
    public var usageNotice: String?

    public init(
        snapshot: ClusterSnapshot? = nil, connection: ConnectionState = .connecting, generation: Int = 0, notes: [String] = [],
        usageNotice: String? = nil
    ) {
        self.snapshot = snapshot
        self.connection = connection
        self.generation = generation
        self.notes = notes
        self.usageNotice = usageNotice
    }
}
