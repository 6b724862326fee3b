import Foundation

/// A read-only view of a Kubernetes Node decoded from the API's JSON.
public struct Node: Sendable, Hashable, Identifiable {
    /// A node taint ("key=value:Effect").
    public struct Taint: Sendable, Hashable, CustomStringConvertible {
        public var key: String
        public var value: String
        public var effect: String
        public init(key: String, value: String = "", effect: String) {
            self.key = key
            self.value = value
            self.effect = effect
        }
        /// kubectl's form: "key=value:Effect", or "key:Effect" without a value.
        public var description: String { value.isEmpty ? "\(key):\(effect)" : "\(key)=\(value):\(effect)" }
    }

    /// One entry of status.conditions (Ready, MemoryPressure, …).
    public struct Condition: Sendable, Hashable {
        public var type: String
        public var status: String
        public var reason: String
        public var message: String
        public var lastTransitionTime: Date?
        public init(type: String, status: String, reason: String = "", message: String = "", lastTransitionTime: Date? = nil) {
            self.type = type
            self.status = status
            self.reason = reason
            self.message = message
            self.lastTransitionTime = lastTransitionTime
        }
    }

    /// One entry of status.addresses.
    public struct Address: Sendable, Hashable {
        public var type: String
        public var address: String
        public init(type: String, address: String) {
            self.type = type
            self.address = address
        }
    }

    public var name: String
    public var uid: String
    public var labels: [String: String]
    public var annotations: [String: String]
    public var creationTimestamp: Date?
    public var taints: [Taint]
    public var unschedulable: Bool
    public var capacity: [String: Quantity]
    public var allocatable: [String: Quantity]
    public var conditions: [Condition]
    public var arch: String
    public var os: String
    public var kubeletVersion: String
    public var addresses: [Address]
    /// `status.images`: what the node's container runtime has pulled.
    public var images: [NodeImage]

    public var id: String { name }

    /// True when the Ready condition is "True".
    public var isReady: Bool { conditions.first(where: { $0.type == "Ready" })?.status == "True" }

    /// kubectl's STATUS column: "Ready", "NotReady", "Unknown", plus ",SchedulingDisabled" when cordoned.
    public var statusText: String {
        let ready = conditions.first(where: { $0.type == "Ready" })
        var s: String
        switch ready?.status {
        case "True": s = "Ready"
        case "False": s = "NotReady"
        default: s = ready == nil ? "NotReady" : "Unknown"
        }
        if unschedulable { s += ",SchedulingDisabled" }
        return s
    }

    /// The first InternalIP address, or "" when none.
    public var internalIP: String { addresses.first(where: { $0.type == "InternalIP" })?.address ?? "" }

    public init(
        name: String, uid: String = "", labels: [String: String] = [:], annotations: [String: String] = [:],
        creationTimestamp: Date? = nil, taints: [Taint] = [], unschedulable: Bool = false,
        capacity: [String: Quantity] = [:], allocatable: [String: Quantity] = [:], conditions: [Condition] = [],
        arch: String = "", os: String = "", kubeletVersion: String = "", addresses: [Address] = [],
        images: [NodeImage] = []
    ) {
        self.name = name
        self.uid = uid
        self.labels = labels
        self.annotations = annotations
        self.creationTimestamp = creationTimestamp
        self.taints = taints
        self.unschedulable = unschedulable
        self.capacity = capacity
        self.allocatable = allocatable
        self.conditions = conditions
        self.arch = arch
        self.os = os
        self.kubeletVersion = kubeletVersion
        self.addresses = addresses
        self.images = images
    }

    /// Decodes a Node object; only metadata.name is required.
    public init(json: JSONValue) throws(KubeDecodingError) { try self.init(json: json, sharing: nil) }

    /// Decodes a Node object, sharing the values `interner` has seen (nodes alike).
    public init(json: JSONValue, sharing interner: ValueInterner?) throws(KubeDecodingError) {
        try self.init(fields: NodeFields(json: json), sharing: interner)
    }

    /// A Node from what was read of its object (a parsed tree or a list page's bytes).
    init(fields f: NodeFields, sharing interner: ValueInterner?) throws(KubeDecodingError) {
        var r = FieldReader(kind: "Node")
        name = try r.required(f.metadata.name, field: "metadata.name")
        r.name = name
        uid = f.metadata.uid ?? ""
        labels = f.metadata.labels
        annotations = f.metadata.annotations
        creationTimestamp = r.date(f.metadata.creationTimestamp)
        unschedulable = f.unschedulable ?? false
        taints = f.taints.compactMap { t in
            guard let key = t.key else { return nil }
            return Taint(key: key, value: t.value ?? "", effect: t.effect ?? "")
        }
        capacity = try r.quantities(f.capacity, field: "status.capacity")
        allocatable = try r.quantities(f.allocatable, field: "status.allocatable")
        conditions = f.conditions.compactMap { c in
            guard let type = c.type else { return nil }
            return Condition(
                type: type, status: c.status ?? "Unknown", reason: c.reason ?? "", message: c.message ?? "",
                lastTransitionTime: r.date(c.lastTransitionTime))
        }
        addresses = f.addresses.compactMap { a in
            guard let type = a.type, let addr = a.address else { return nil }
            return Address(type: type, address: addr)
        }
        arch = f.architecture ?? labels["kubernetes.io/arch"] ?? ""
        os = f.operatingSystem ?? labels["kubernetes.io/os"] ?? ""
        kubeletVersion = f.kubeletVersion ?? ""
        images = f.images
        if let interner {
            labels = interner.stringMap(labels)
            annotations = interner.stringMap(annotations)
            capacity = interner.quantities(capacity)
            allocatable = interner.quantities(allocatable)
            conditions = interner.conditions(conditions)
            arch = interner.string(arch)
            os = interner.string(os)
            kubeletVersion = interner.string(kubeletVersion)
            images = interner.images(images)
        }
    }
}
