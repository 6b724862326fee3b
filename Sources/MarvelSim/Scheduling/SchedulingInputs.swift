import MarvelCore

/// What the scheduler needs to know about a pod: where it asks to run, what
/// it tolerates and what it requests.
public struct SchedulingPod: Sendable {
    /// `spec.nodeName` asked for up front, or empty.
    public var nodeName: String
    public var nodeSelector: [String: String]
    /// Required node affinity: any one term must match (empty = no constraint).
    public var requiredTerms: [NodeSelectorTerm]
    public var tolerations: [PodToleration]
    /// Effective requests (max of init containers, sum of containers, plus overhead).
    public var requests: [String: Quantity]

    public init(
        nodeName: String = "", nodeSelector: [String: String] = [:], requiredTerms: [NodeSelectorTerm] = [],
        tolerations: [PodToleration] = [], requests: [String: Quantity] = [:]
    ) {
        self.nodeName = nodeName
        self.nodeSelector = nodeSelector
        self.requiredTerms = requiredTerms
        self.tolerations = tolerations
        self.requests = requests
    }

    /// Reads a pod object; fails only when its quantities are unreadable.
    public init(json: JSONValue) throws(KubeDecodingError) {
        let spec = json["spec"]
        let pod = try Pod(json: json)
        nodeName = spec?["nodeName"]?.stringValue ?? ""
        var selector: [String: String] = [:]
        for m in spec?["nodeSelector"]?.objectValue ?? JSONObject() { selector[m.key] = m.value.stringValue ?? "" }
        nodeSelector = selector
        let terms = spec?.at("affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")
        requiredTerms = (terms?.arrayValue ?? []).map(NodeSelectorTerm.init(json:))
        tolerations = (spec?["tolerations"]?.arrayValue ?? []).map { t in
            PodToleration(
                key: t["key"]?.stringValue ?? "", exists: t["operator"]?.stringValue == "Exists",
                value: t["value"]?.stringValue ?? "", effect: t["effect"]?.stringValue ?? "",
                tolerationSeconds: t["tolerationSeconds"]?.intValue)
        }
        requests = pod.effectiveRequests
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
    public var podCount: Int

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

    /// Adds a pod's requests to the node's bookkeeping.
    public mutating func bind(_ requests: [String: Quantity]) {
        for (k, v) in requests { requested[k, default: .zero] += v }
        podCount += 1
    }
}
