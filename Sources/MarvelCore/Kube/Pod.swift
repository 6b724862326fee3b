import Foundation

/// A read-only view of a Kubernetes Pod decoded from the API's JSON, with the
/// status and readiness kubectl would print and the requests a scheduler counts.
public struct Pod: Sendable, Hashable, Identifiable {
    /// A container of the pod spec with its resource requests and limits.
    public struct Container: Sendable, Hashable {
        public var name: String
        public var image: String
        public var requests: [String: Quantity]
        public var limits: [String: Quantity]
        /// "Always" marks a restartable init container (a sidecar).
        public var restartPolicy: String?
        public init(
            name: String, image: String = "", requests: [String: Quantity] = [:], limits: [String: Quantity] = [:],
            restartPolicy: String? = nil
        ) {
            self.name = name
            self.image = image
            self.requests = requests
            self.limits = limits
            self.restartPolicy = restartPolicy
        }
    }

    public var name: String
    public var namespace: String
    public var uid: String
    public var labels: [String: String]
    public var annotations: [String: String]
    /// Kind and name of the controller owner (e.g. "ReplicaSet", "web-5d9c7"), "" when none.
    public var ownerKind: String
    public var ownerName: String
    /// The node the pod is bound to, "" while unscheduled.
    public var nodeName: String
    /// status.phase: Pending, Running, Succeeded, Failed, Unknown.
    public var phase: String
    /// The STATUS column as kubectl computes it (Running, ContainerCreating, CrashLoopBackOff, Completed, Terminating, Init:0/1, …).
    public var displayStatus: String
    /// Containers that are ready and running.
    public var readyCount: Int
    /// Containers in the spec (the y of "x/y").
    public var containerCount: Int
    /// Restarts as kubectl counts them.
    public var restarts: Int
    public var containers: [Container] { didSet { countRequests() } }
    public var initContainers: [Container] { didSet { countRequests() } }
    /// spec.overhead (RuntimeClass overhead), added to the effective requests.
    public var overhead: [String: Quantity] { didSet { countRequests() } }
    public var creationTimestamp: Date?
    public var deletionTimestamp: Date?
    public var podIP: String
    public var hostIP: String

    public var id: String { "\(namespace)/\(name)" }
    /// "x/y" ready containers.
    public var readyText: String { "\(readyCount)/\(containerCount)" }
    /// True once the pod has finished (Succeeded or Failed): it no longer holds node resources.
    public var isTerminated: Bool { phase == "Succeeded" || phase == "Failed" }

    /// The requests the scheduler accounts for, per resource (`PodRequests`: requests,
    /// else limits, of app containers and sidecars summed, the largest init container,
    /// plus the pod overhead). Computed once when the pod is made and again whenever its
    /// containers or overhead change, so reading it costs nothing.
    public private(set) var effectiveRequests: [String: Quantity] = [:]
    /// The cpu and memory kube-scheduler scores with: as `effectiveRequests`, with
    /// 100m cpu and 200Mi memory for each container that asks for none.
    public private(set) var nonZeroRequests: [String: Quantity] = [:]

    /// Recomputes both request sums from the containers and overhead.
    private mutating func countRequests() {
        effectiveRequests = PodRequests.effective(containers: containers, initContainers: initContainers, overhead: overhead)
        let scored = PodRequests.effective(containers: containers, initContainers: initContainers, overhead: overhead, nonZero: true)
        nonZeroRequests = scored.filter { $0.key == "cpu" || $0.key == "memory" }
    }

    public init(
        name: String, namespace: String = "default", uid: String = "", labels: [String: String] = [:],
        annotations: [String: String] = [:], ownerKind: String = "", ownerName: String = "", nodeName: String = "",
        phase: String = "Pending", displayStatus: String? = nil, readyCount: Int = 0, containerCount: Int? = nil,
        restarts: Int = 0, containers: [Container] = [], initContainers: [Container] = [],
        overhead: [String: Quantity] = [:], creationTimestamp: Date? = nil, deletionTimestamp: Date? = nil,
        podIP: String = "", hostIP: String = ""
    ) {
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.labels = labels
        self.annotations = annotations
        self.ownerKind = ownerKind
        self.ownerName = ownerName
        self.nodeName = nodeName
        self.phase = phase
        self.displayStatus = displayStatus ?? phase
        self.readyCount = readyCount
        self.containerCount = containerCount ?? containers.count
        self.restarts = restarts
        self.containers = containers
        self.initContainers = initContainers
        self.overhead = overhead
        self.creationTimestamp = creationTimestamp
        self.deletionTimestamp = deletionTimestamp
        self.podIP = podIP
        self.hostIP = hostIP
        countRequests()
    }

    /// Decodes a Pod object; only metadata.name is required.
    public init(json: JSONValue) throws(KubeDecodingError) { try self.init(json: json, sharing: nil) }

    /// Decodes a Pod object, sharing the values `interner` has seen (a list's replicas).
    public init(json: JSONValue, sharing interner: ValueInterner?) throws(KubeDecodingError) {
        try self.init(fields: PodFields(json: json), sharing: interner)
    }

    /// A Pod from what was read of its object (a parsed tree or a list page's bytes).
    init(fields f: PodFields, sharing interner: ValueInterner?) throws(KubeDecodingError) {
        var r = FieldReader(kind: "Pod")
        name = try r.required(f.metadata.name, field: "metadata.name")
        r.name = name
        let meta = f.metadata
        namespace = meta.namespace ?? ""
        uid = meta.uid ?? ""
        labels = meta.labels
        annotations = meta.annotations
        creationTimestamp = r.date(meta.creationTimestamp)
        deletionTimestamp = r.date(meta.deletionTimestamp)
        let owner = meta.controller
        ownerKind = owner?.kind ?? ""
        ownerName = owner?.name ?? ""

        nodeName = f.nodeName ?? ""
        containers = try Self.decodeContainers(f.containers, field: "spec.containers", reader: r)
        initContainers = try Self.decodeContainers(f.initContainers, field: "spec.initContainers", reader: r)
        overhead = try r.quantities(f.overhead, field: "spec.overhead")
        containerCount = containers.count

        phase = f.status.phase ?? "Pending"
        podIP = f.status.podIP ?? ""
        hostIP = f.status.hostIP ?? ""
        let computed = PodStatusRules.compute(status: f.status, initContainers: initContainers, deleting: meta.deleting)
        displayStatus = computed.status
        readyCount = computed.ready
        restarts = computed.restarts
        countRequests()
        if let interner {
            // Set in the initializer: no observer recounts the requests.
            namespace = interner.string(namespace)
            labels = interner.stringMap(labels)
            annotations = interner.stringMap(annotations)
            ownerKind = interner.string(ownerKind)
            ownerName = interner.string(ownerName)
            nodeName = interner.string(nodeName)
            containers = interner.containers(containers)
            initContainers = interner.containers(initContainers)
            overhead = interner.quantities(overhead)
            effectiveRequests = interner.quantities(effectiveRequests)
            nonZeroRequests = interner.quantities(nonZeroRequests)
        }
    }

    private static func decodeContainers(_ list: [PodFields.ContainerFields], field: String, reader r: FieldReader)
        throws(KubeDecodingError) -> [Container]
    {
        var out: [Container] = []
        out.reserveCapacity(list.count)
        for (i, c) in list.enumerated() {
            let path = "\(field)[\(i)]"
            guard let name = c.name else {
                throw KubeDecodingError(kind: r.kind, name: r.name, field: "\(path).name", problem: "is missing")
            }
            out.append(
                Container(
                    name: name, image: c.image ?? "",
                    requests: try r.quantities(c.requests, field: "\(path).resources.requests"),
                    limits: try r.quantities(c.limits, field: "\(path).resources.limits"),
                    restartPolicy: c.restartPolicy))
        }
        return out
    }
}
