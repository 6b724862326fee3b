/// What one pod asks of a node: where it wants to run (nodeName, nodeSelector,
/// required and preferred node affinity, the nodes its bound volumes live on),
/// what it tolerates and what it requests, counted by `PodRequests` (requests,
/// else limits; app containers and sidecars summed, the largest init container,
/// plus overhead), and the cpu and memory kube-scheduler scores it with (100m
/// and 200Mi for each container that asks for none).
public struct PodRequirements: Sendable, Hashable {
    /// `spec.nodeName` asked for up front, or empty.
    public var nodeName: String
    public var nodeSelector: [String: String]
    /// Required node affinity: any one term must match (empty = no constraint).
    public var requiredTerms: [NodeSelectorTerm]
    public var preferredTerms: [PreferredSchedulingTerm]
    public var tolerations: [PlacementToleration]
    public var requests: [String: Quantity]
    /// Node affinity of the persistent volumes the pod's claims are bound to (each must admit the node).
    public var volumes: [VolumeNodeAffinity]
    /// cpu and memory as LeastAllocated and MostAllocated count them (never 0).
    public var scoreRequests: [String: Quantity]

    /// A pod from its parts. Without `scoreRequests`, the pod is taken as one container:
    /// its cpu and memory requests, or kube-scheduler's defaults where they are absent.
    public init(
        nodeName: String = "", nodeSelector: [String: String] = [:], requiredTerms: [NodeSelectorTerm] = [],
        preferredTerms: [PreferredSchedulingTerm] = [], tolerations: [PlacementToleration] = [], requests: [String: Quantity] = [:],
        volumes: [VolumeNodeAffinity] = [], scoreRequests: [String: Quantity]? = nil
    ) {
        self.nodeName = nodeName
        self.nodeSelector = nodeSelector
        self.requiredTerms = requiredTerms
        self.preferredTerms = preferredTerms
        self.tolerations = tolerations
        self.requests = requests
        self.volumes = volumes
        self.scoreRequests = scoreRequests ?? Self.scored(requests)
    }

    /// A one-container pod's scoring cpu and memory: its requests, else the defaults.
    public static func scored(_ requests: [String: Quantity]) -> [String: Quantity] {
        let cpu = requests["cpu"].flatMap { $0 > .zero ? $0 : nil } ?? PodRequests.defaultCPU
        let memory = requests["memory"].flatMap { $0 > .zero ? $0 : nil } ?? PodRequests.defaultMemory
        return ["cpu": cpu, "memory": memory]
    }

    /// Reads a pod spec (`spec` of a Pod, `spec.template.spec` of a workload).
    /// Fails only when a quantity cannot be read; the error names the field.
    public init(podSpec spec: JSONValue, name: String = "pod") throws(KubeDecodingError) {
        let pod = try Pod(json: ["metadata": ["name": .string(name)], "spec": spec])
        nodeName = spec["nodeName"]?.stringValue ?? ""
        var selector: [String: String] = [:]
        for m in spec["nodeSelector"]?.objectValue ?? JSONObject() { selector[m.key] = m.value.stringValue ?? "" }
        nodeSelector = selector
        let affinity = spec.at("affinity", "nodeAffinity")
        let terms = affinity?.at("requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")
        requiredTerms = (terms?.arrayValue ?? []).map(NodeSelectorTerm.init(json:))
        preferredTerms = (affinity?["preferredDuringSchedulingIgnoredDuringExecution"]?.arrayValue ?? []).compactMap { p in
            guard let pref = p["preference"] else { return nil }
            return PreferredSchedulingTerm(weight: p["weight"]?.intValue ?? 1, term: NodeSelectorTerm(json: pref))
        }
        tolerations = (spec["tolerations"]?.arrayValue ?? []).map(PlacementToleration.init(json:))
        requests = pod.effectiveRequests
        volumes = []
        scoreRequests = pod.nonZeroRequests
    }

    /// Reads a pod object.
    public init(pod json: JSONValue) throws(KubeDecodingError) {
        try self.init(podSpec: json["spec"] ?? .object([:]), name: json.at("metadata", "name")?.stringValue ?? "pod")
    }
}

/// A pod's requests in a snapshot's column units: the non-zero amounts
/// (the `pods` column always 1), the resources the snapshot does not track,
/// the cpu/memory the scores count, and whether it asks for an accelerator.
public struct PodDemand: Sendable, Hashable {
    /// (column, amount) for every column with a non-zero request, `pods` first.
    public var nonZero: [(Int, Int64)]
    /// Resources asked for that no node offers.
    public var untracked: [String]
    /// cpu (millicores) and memory (bytes) for LeastAllocated and MostAllocated
    /// (kube-scheduler's non-zero requests: 100m and 200Mi per container asking for none).
    public var scoreCPU: Int64
    public var scoreMemory: Int64
    /// cpu (millicores) and memory (bytes) as requested (zero when not), for BalancedAllocation.
    public var cpu: Int64
    public var memory: Int64
    /// True when the pod asks for a GPU or another accelerator (`ExtendedResources.isAccelerator`).
    public var wantsAccelerator: Bool

    public static let defaultCPUMilli: Int64 = PodRequests.defaultCPU.milliValue
    public static let defaultMemory: Int64 = PodRequests.defaultMemory.value

    /// The demand of a pod with `requests` (and `scoreRequests`, else a one-container pod's defaults).
    public init(requests: [String: Quantity], scoreRequests: [String: Quantity]? = nil, columns: ResourceColumns) {
        var amounts: [(Int, Int64)] = [(0, 1)]
        var untracked: [String] = []
        var accelerator = false
        for resource in requests.keys.sorted() where resource != ResourceColumns.pods {
            guard let q = requests[resource], q > .zero else { continue }
            if ExtendedResources.isAccelerator(resource) { accelerator = true }
            let amount = ResourceColumns.amount(q, resource: resource)
            if let c = columns.column(resource) { amounts.append((c, amount)) } else { untracked.append(resource) }
        }
        nonZero = amounts.sorted { $0.0 < $1.0 }
        self.untracked = untracked
        wantsAccelerator = accelerator
        let cpu = requests[ResourceColumns.cpu].map { ResourceColumns.amount($0, resource: ResourceColumns.cpu) } ?? 0
        let memory = requests[ResourceColumns.memory].map { ResourceColumns.amount($0, resource: ResourceColumns.memory) } ?? 0
        self.cpu = cpu
        self.memory = memory
        let scored = scoreRequests ?? PodRequirements.scored(requests)
        scoreCPU = scored[ResourceColumns.cpu].map { ResourceColumns.amount($0, resource: ResourceColumns.cpu) } ?? Self.defaultCPUMilli
        scoreMemory = scored[ResourceColumns.memory].map { ResourceColumns.amount($0, resource: ResourceColumns.memory) } ?? Self.defaultMemory
    }

    /// The demand of `pod` in `columns`.
    public init(_ pod: PodRequirements, columns: ResourceColumns) {
        self.init(requests: pod.requests, scoreRequests: pod.scoreRequests, columns: columns)
    }

    public static func == (a: PodDemand, b: PodDemand) -> Bool {
        a.nonZero.elementsEqual(b.nonZero, by: { $0 == $1 }) && a.untracked == b.untracked && a.scoreCPU == b.scoreCPU
            && a.scoreMemory == b.scoreMemory && a.cpu == b.cpu && a.memory == b.memory
    }

    public func hash(into hasher: inout Hasher) {
        for (c, v) in nonZero {
            hasher.combine(c)
            hasher.combine(v)
        }
        hasher.combine(untracked)
    }
}
