import MarvelCore

/// A value description of a cluster to seed the embedded store with: its
/// namespaces, nodes and system workloads. `Topology.marvel` is the MARVEL
/// edge–fog–cloud continuum; tests and benchmarks build their own.
public struct Topology: Sendable {
    public var namespaces: [String]
    public var nodes: [NodeDescription]
    public var workloads: [WorkloadDescription]
    /// How long before start the cluster (its namespaces) was created.
    public var clusterAgeDays: Int

    public init(
        namespaces: [String], nodes: [NodeDescription], workloads: [WorkloadDescription], clusterAgeDays: Int = 90
    ) {
        self.namespaces = namespaces
        self.nodes = nodes
        self.workloads = workloads
        self.clusterAgeDays = clusterAgeDays
    }
}

/// A node taint (`key[=value]:effect`): the same value the client decodes from the API.
public typealias NodeTaint = Node.Taint

/// A pod toleration, with the Kubernetes matching rules.
public struct PodToleration: Sendable, Hashable {
    /// Empty with `exists` tolerates every taint.
    public var key: String
    /// true for `operator: Exists`, false for `Equal`.
    public var exists: Bool
    public var value: String
    /// Empty tolerates every effect.
    public var effect: String
    public var tolerationSeconds: Int?

    public init(
        key: String = "", exists: Bool = false, value: String = "", effect: String = "", tolerationSeconds: Int? = nil
    ) {
        self.key = key
        self.exists = exists
        self.value = value
        self.effect = effect
        self.tolerationSeconds = tolerationSeconds
    }

    /// Tolerates everything (`operator: Exists` with no key).
    public static let everything = PodToleration(exists: true)

    /// Whether this toleration matches `taint`.
    public func tolerates(_ taint: NodeTaint) -> Bool {
        if !effect.isEmpty && effect != taint.effect { return false }
        if key.isEmpty { return exists }
        guard key == taint.key else { return false }
        return exists || value == taint.value
    }
}
