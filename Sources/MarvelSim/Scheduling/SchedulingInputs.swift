import MarvelCore

/// What the embedded cluster's scheduler needs to know about a pod: where it
/// asks to run, what it tolerates and what it requests. A thin view over
/// MarvelCore's `PodRequirements` with the simulator's toleration type.
public struct SchedulingPod: Sendable {
    /// `spec.nodeName` asked for up front, or empty.
    public var nodeName: String
    public var nodeSelector: [String: String]
    /// Required node affinity: any one term must match (empty = no constraint).
    public var requiredTerms: [NodeSelectorTerm]
    public var preferredTerms: [PreferredSchedulingTerm]
    public var tolerations: [PodToleration]
    /// Effective requests (`PodRequests`: requests else limits, max of init containers, sum of containers, plus overhead).
    public var requests: [String: Quantity]
    /// The cpu and memory the scores count (kube's non-zero requests).
    public var scoreRequests: [String: Quantity]
    /// "namespace/name": seeds the choice among equally good nodes.
    public var id: String
    /// The uid of its controller (ReplicaSet, StatefulSet, Job…), "" when none: replicas spread over nodes.
    public var owner: String
    /// Node affinity of the volumes its bound claims use.
    public var volumes: [VolumeNodeAffinity] = []

    public init(
        nodeName: String = "", nodeSelector: [String: String] = [:], requiredTerms: [NodeSelectorTerm] = [],
        preferredTerms: [PreferredSchedulingTerm] = [], tolerations: [PodToleration] = [], requests: [String: Quantity] = [:],
        scoreRequests: [String: Quantity]? = nil, owner: String = "", id: String = "pod"
    ) {
        self.owner = owner
        self.id = id
        self.scoreRequests = scoreRequests ?? PodRequirements.scored(requests)
        self.nodeName = nodeName
        self.nodeSelector = nodeSelector
        self.requiredTerms = requiredTerms
        self.preferredTerms = preferredTerms
        self.tolerations = tolerations
        self.requests = requests
    }

    /// Reads a pod object; fails only when its quantities are unreadable.
    public init(json: JSONValue) throws(KubeDecodingError) {
        let pod = try PodRequirements(pod: json)
        self.init(
            nodeName: pod.nodeName, nodeSelector: pod.nodeSelector, requiredTerms: pod.requiredTerms,
            preferredTerms: pod.preferredTerms,
            tolerations: pod.tolerations.map { PodToleration(key: $0.key, exists: $0.exists, value: $0.value, effect: $0.effect) },
            requests: pod.requests, scoreRequests: pod.scoreRequests, owner: Self.owner(of: json),
            id: "\(json.at("metadata", "namespace")?.stringValue ?? "")/\(json.at("metadata", "name")?.stringValue ?? "")")
        let seconds = (json.at("spec", "tolerations")?.arrayValue ?? []).map { $0["tolerationSeconds"]?.intValue }
        for (i, s) in seconds.enumerated() where i < tolerations.count { tolerations[i].tolerationSeconds = s }
    }

    /// The uid of a pod object's controller owner, "" when it has none.
    public static func owner(of pod: JSONValue) -> String {
        let owners = pod.at("metadata", "ownerReferences")?.arrayValue ?? []
        let owner = owners.first(where: { $0["controller"]?.boolValue == true }) ?? owners.first
        return owner?["uid"]?.stringValue ?? ""
    }

    /// The placer's view of the pod.
    public var requirements: PodRequirements {
        PodRequirements(
            nodeName: nodeName, nodeSelector: nodeSelector, requiredTerms: requiredTerms, preferredTerms: preferredTerms,
            tolerations: tolerations.map { PlacementToleration(key: $0.key, exists: $0.exists, value: $0.value, effect: $0.effect) },
            requests: requests, volumes: volumes, scoreRequests: scoreRequests)
    }
}

/// A node as the scheduler sees it: labels, taints, readiness, what it can
/// hold and what the pods already bound to it request.
public struct SchedulingNode: Sendable {
    public var name: String
    public var labels: [String: String]
    public var taints: [NodeTaint]
    public var unschedulable: Bool
    public var ready: Bool
    public var allocatable: [String: Quantity]
    /// Sum of the requests of the pods bound to the node (not finished).
    public var requested: [String: Quantity]
    /// Sum of their scoring cpu and memory (kube's non-zero requests).
    public var scoreRequested: [String: Quantity] = [:]
    public var podCount: Int
    /// Pods bound here per controller uid (for the replica-spread score).
    public var owners: [String: Int] = [:]

    public init(
        name: String, labels: [String: String] = [:], taints: [NodeTaint] = [], unschedulable: Bool = false,
        ready: Bool = true, allocatable: [String: Quantity], requested: [String: Quantity] = [:], podCount: Int = 0
    ) {
        self.name = name
        self.labels = labels
        self.taints = taints
        self.unschedulable = unschedulable
        self.ready = ready
        self.allocatable = allocatable
        self.requested = requested
        self.podCount = podCount
    }

    /// From a node object.
    public init(node: Node) {
        self.init(
            name: node.name, labels: node.labels, taints: node.taints, unschedulable: node.unschedulable,
            ready: node.isReady, allocatable: node.allocatable)
    }

    /// Adds a pod's requests (and scoring cpu and memory, else its requests' own) to the node's bookkeeping.
    public mutating func bind(_ requests: [String: Quantity], scoreRequests: [String: Quantity]? = nil, owner: String = "") {
        for (k, v) in requests { requested[k, default: .zero] += v }
        for (k, v) in scoreRequests ?? PodRequirements.scored(requests) { scoreRequested[k, default: .zero] += v }
        podCount += 1
        if !owner.isEmpty { owners[owner, default: 0] += 1 }
    }

    /// The placer's view of the node (layer and site read with the default rules).
    public var placementNode: PlacementNode {
        let rules = LayerRules()
        return PlacementNode(
            name: name, labels: labels, taints: taints, unschedulable: unschedulable, ready: ready, layer: rules.layer(of: labels),
            site: rules.site(of: labels), arch: labels["kubernetes.io/arch"] ?? "", allocatable: allocatable)
    }

    /// A placement snapshot of `nodes` with what each already holds.
    static func snapshot(_ nodes: [SchedulingNode]) -> PlacementSnapshot {
        PlacementSnapshot(
            nodes: nodes.map(\.placementNode),
            requested: Dictionary(nodes.map { ($0.name, $0.requested) }, uniquingKeysWith: { a, _ in a }),
            podCounts: Dictionary(nodes.map { ($0.name, $0.podCount) }, uniquingKeysWith: { a, _ in a }),
            scoreRequested: Dictionary(
                nodes.map { ($0.name, $0.scoreRequested.isEmpty ? $0.requested : $0.scoreRequested) }, uniquingKeysWith: { a, _ in a }))
    }
}
