/// How the cluster cache runs: its reflectors, how often it reads usage, how
/// it watches the server's liveness and how it coalesces changes.
public struct ClusterCacheSettings: Sendable, Equatable {
    public var reflector: ReflectorSettings
    /// Seconds between reads of the metrics API (nodes, and marvdash's pods); 0 never reads it.
    /// Clusters of more than `usageScaleNodes` nodes are read less often (`usageInterval(forNodes:)`).
    public var usageInterval: Double
    /// Nodes up to which usage is read every `usageInterval`; 0 never stretches it.
    public var usageScaleNodes: Int
    /// The longest a large cluster's usage reads are stretched to, in seconds.
    public var usageIntervalCap: Double
    /// Seconds between checks whether a missing metrics API appeared.
    public var usageRecheck: Double
    /// Seconds with nothing from the server after which a health probe (`/readyz`,
    /// else `/version`) checks it answers; 0 never probes. Any byte of a watch counts as an answer.
    public var livenessQuiet: Double
    /// Seconds a health probe may take before the server counts as not responding.
    public var probeTimeout: Double
    /// Seconds between probes while the server is not answering.
    public var probeRetry: Double
    /// Seconds changes are gathered before a snapshot is published.
    public var publishDelay: Double
    /// The kinds kept besides nodes and pods (which are always kept).
    public var kinds: [CachedKind]
    /// Changed pods (or nodes) up to which a new snapshot updates the last one in place
    /// (and only their nodes' rows); more rebuild it whole.
    public var incrementalLimit: Int

    public init(
        reflector: ReflectorSettings = ReflectorSettings(), usageInterval: Double = 60, usageRecheck: Double = 600,
        livenessQuiet: Double = 2.5, probeTimeout: Double = 2, probeRetry: Double = 1, publishDelay: Double = 0.05,
        kinds: [CachedKind] = ClusterCacheSettings.consoleKinds, incrementalLimit: Int = 2_000, usageScaleNodes: Int = 500,
        usageIntervalCap: Double = 600
    ) {
        self.reflector = reflector
        self.usageInterval = usageInterval
        self.usageRecheck = usageRecheck
        self.livenessQuiet = livenessQuiet
        self.probeTimeout = probeTimeout
        self.probeRetry = probeRetry
        self.publishDelay = publishDelay
        self.kinds = kinds
        self.incrementalLimit = incrementalLimit
        self.usageScaleNodes = usageScaleNodes
        self.usageIntervalCap = usageIntervalCap
    }

    /// Seconds until the next usage read of a cluster of `nodes` nodes: `usageInterval` up to
    /// `usageScaleNodes` nodes, proportionally longer above (a read lists every node's metrics,
    /// ~0.4 KB each), at most `usageIntervalCap`: reading usage costs about the same bytes a
    /// minute at any size. The console's refresh key reads it at once whatever the interval.
    public func usageInterval(forNodes nodes: Int) -> Double {
        guard usageScaleNodes > 0, nodes > usageScaleNodes else { return usageInterval }
        let stretched = usageInterval * Double(nodes) / Double(usageScaleNodes)
        return min(max(usageInterval, usageIntervalCap), stretched)
    }

    /// Seconds between the monitor's checks of silence and usage.
    public static let monitorTick: Double = 0.25

    /// The longest a server that stopped answering can go unnoticed: silence before
    /// the probe, the probe's own timeout and one monitor tick (0 when never probed).
    public var longestUnnoticedSilence: Double {
        livenessQuiet > 0 ? livenessQuiet + probeTimeout + Self.monitorTick : 0
    }

    /// What the console shows: namespaces, Services, Ingresses, the ConfigMaps, Secrets and
    /// workloads marvdash manages (instance records among them), FailedScheduling events and PVCs.
    public static let consoleKinds: [CachedKind] = [.namespaces] + CachedKind.instanceKinds
}
