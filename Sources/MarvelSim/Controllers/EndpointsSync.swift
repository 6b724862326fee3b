import MarvelCore

/// The endpoints and endpoint-slice controllers: for every Service with a
/// selector, an Endpoints object and one EndpointSlice listing the pods it
/// selects that have an IP — ready ones as addresses, the others as not
/// ready — with the service's target ports resolved against each pod.
/// Services without a selector keep the Endpoints their owner writes.
struct EndpointsSync {
    var store: ClusterStore

    static let managedBy = "endpointslice-controller.k8s.io"
    static let serviceNameLabel = "kubernetes.io/service-name"
    /// Marks Endpoints a controller keeps (the slice mirroring controller leaves them alone).
    static let skipMirrorLabel = "endpointslice.kubernetes.io/skip-mirror"

    /// Brings every selector Service's Endpoints and EndpointSlice up to date,
    /// and removes the Endpoints it kept for Services that are gone.
    func sync(services: [JSONValue], pods: [JSONValue]) {
        let podsByNamespace = Dictionary(grouping: pods, by: \.objectNamespace)
        for service in services {
            guard let selector = LabelSelector(serviceSelector: service.at("spec", "selector")),
                service.at("spec", "type")?.stringValue != "ExternalName"
            else { continue }
            let selected = (podsByNamespace[service.objectNamespace] ?? []).filter {
                selector.matches(object: $0) && !Finalizers.isTerminating($0) && !OwnedPods.isFinished($0)
                    && !($0.at("status", "podIP")?.stringValue ?? "").isEmpty
            }
            write(endpoints: Self.endpoints(for: service, pods: selected), of: service)
            write(slice: Self.slice(for: service, pods: selected), of: service)
        }
        let existing = Set(services.map { ObjectKey(of: $0) })
        for ep in store.list(ResourceType.endpoints.name).items
        where ep.at("metadata", "labels", Self.skipMirrorLabel)?.stringValue == "true" && !existing.contains(ObjectKey(of: ep)) {
            _ = try? store.delete(ResourceType.endpoints.name, namespace: ep.objectNamespace, name: ep.objectName)
        }
    }

    private func write(endpoints: JSONValue, of service: JSONValue) {
        let resource = ResourceType.endpoints.name
        guard let existing = store.get(resource, namespace: service.objectNamespace, name: service.objectName) else {
            _ = try? store.create(resource, endpoints)
            return
        }
        guard PodTemplateHash.canonical(existing["subsets"] ?? .null) != PodTemplateHash.canonical(endpoints["subsets"] ?? .null)
            || existing.at("metadata", "labels") != endpoints.at("metadata", "labels")
        else { return }
        _ = try? store.modify(resource, namespace: service.objectNamespace, name: service.objectName) { o in
            o["subsets"] = endpoints["subsets"]
            o["metadata"]?["labels"] = endpoints.at("metadata", "labels")
        }
    }

    private func write(slice: JSONValue, of service: JSONValue) {
        let resource = ResourceType.endpointSlices.name
        let existing = store.list(resource, namespace: service.objectNamespace).items.first {
            $0.at("metadata", "labels", Self.serviceNameLabel)?.stringValue == service.objectName
                && $0.at("metadata", "labels", "endpointslice.kubernetes.io/managed-by")?.stringValue == Self.managedBy
        }
        guard let existing else {
            _ = try? store.create(resource, slice)
            return
        }
        guard PodTemplateHash.canonical(existing["endpoints"] ?? .null) != PodTemplateHash.canonical(slice["endpoints"] ?? .null)
            || PodTemplateHash.canonical(existing["ports"] ?? .null) != PodTemplateHash.canonical(slice["ports"] ?? .null)
        else { return }
        _ = try? store.modify(resource, namespace: existing.objectNamespace, name: existing.objectName) { o in
            o["endpoints"] = slice["endpoints"]
            o["ports"] = slice["ports"]
        }
    }

    // MARK: objects

    /// The service's ports with each `targetPort` resolved for `pod` (a name looks up the pod's container ports).
    static func ports(of service: JSONValue, for pod: JSONValue) -> [JSONValue] {
        let containerPorts = (pod.at("spec", "containers")?.arrayValue ?? []).flatMap { $0["ports"]?.arrayValue ?? [] }
        return (service.at("spec", "ports")?.arrayValue ?? []).compactMap { p in
            let target = p["targetPort"] ?? p["port"] ?? .null
            let number: Int?
            if let n = target.intValue {
                number = n
            } else if let name = target.stringValue {
                number = containerPorts.first { $0["name"]?.stringValue == name }?["containerPort"]?.intValue
            } else {
                number = nil
            }
            guard let number else { return nil }
            var o: JSONObject = [:]
            if let name = p["name"]?.stringValue, !name.isEmpty { o["name"] = .string(name) }
            o["port"] = .int(number)
            o["protocol"] = p["protocol"] ?? "TCP"
            return .object(o)
        }
    }

    private static func targetRef(_ pod: JSONValue) -> JSONValue {
        ["kind": "Pod", "namespace": .string(pod.objectNamespace), "name": .string(pod.objectName), "uid": .string(pod.objectUID)]
    }

    private static func ip(_ pod: JSONValue) -> String { pod.at("status", "podIP")?.stringValue ?? "" }

    static func endpoints(for service: JSONValue, pods: [JSONValue]) -> JSONValue {
        let publishNotReady = service.at("spec", "publishNotReadyAddresses")?.boolValue ?? false
        // One subset per distinct resolved port list, addresses sorted by IP.
        var subsets: [(ports: [JSONValue], ready: [JSONValue], notReady: [JSONValue])] = []
        for pod in pods.sorted(by: { ip($0) < ip($1) }) {
            let ports = Self.ports(of: service, for: pod)
            var address: JSONObject = ["ip": .string(ip(pod))]
            if let node = pod.at("spec", "nodeName")?.stringValue, !node.isEmpty { address["nodeName"] = .string(node) }
            address["targetRef"] = targetRef(pod)
            let i = subsets.firstIndex { $0.ports == ports } ?? {
                subsets.append((ports, [], []))
                return subsets.count - 1
            }()
            if OwnedPods.isReady(pod) || publishNotReady {
                subsets[i].ready.append(.object(address))
            } else {
                subsets[i].notReady.append(.object(address))
            }
        }
        var labels = service.at("metadata", "labels")?.objectValue ?? JSONObject()
        labels[skipMirrorLabel] = "true"
        var o: JSONObject = [
            "apiVersion": "v1", "kind": "Endpoints",
            "metadata": [
                "name": .string(service.objectName), "namespace": .string(service.objectNamespace),
                "labels": .object(labels),
            ],
        ]
        if !subsets.isEmpty {
            o["subsets"] = .array(
                subsets.map { s in
                    var subset: JSONObject = [:]
                    if !s.ready.isEmpty { subset["addresses"] = .array(s.ready) }
                    if !s.notReady.isEmpty { subset["notReadyAddresses"] = .array(s.notReady) }
                    if !s.ports.isEmpty { subset["ports"] = .array(s.ports) }
                    return .object(subset)
                })
        }
        return .object(o)
    }

    static func slice(for service: JSONValue, pods: [JSONValue]) -> JSONValue {
        let publishNotReady = service.at("spec", "publishNotReadyAddresses")?.boolValue ?? false
        let endpoints: [JSONValue] = pods.sorted(by: { ip($0) < ip($1) }).map { pod in
            let ready = OwnedPods.isReady(pod)
            var e: JSONObject = [
                "addresses": [.string(ip(pod))],
                "conditions": ["ready": .bool(ready || publishNotReady), "serving": .bool(ready), "terminating": false],
            ]
            if let node = pod.at("spec", "nodeName")?.stringValue, !node.isEmpty { e["nodeName"] = .string(node) }
            e["targetRef"] = targetRef(pod)
            return .object(e)
        }
        var labels = service.at("metadata", "labels")?.objectValue ?? JSONObject()
        labels[serviceNameLabel] = .string(service.objectName)
        labels["endpointslice.kubernetes.io/managed-by"] = .string(managedBy)
        let ports = pods.first.map { Self.ports(of: service, for: $0) }
            ?? (service.at("spec", "ports")?.arrayValue ?? []).filter { $0["targetPort"]?.intValue != nil || $0["targetPort"] == nil }
                .map { p in
                    var o: JSONObject = [:]
                    if let name = p["name"]?.stringValue, !name.isEmpty { o["name"] = .string(name) }
                    o["port"] = p["targetPort"] ?? p["port"] ?? .null
                    o["protocol"] = p["protocol"] ?? "TCP"
                    return .object(o)
                }
        let name = "\(service.objectName)-\(NameSuffix.stable(service.objectUID + "slice"))"
        return [
            "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": [
                "name": .string(name), "generateName": .string(service.objectName + "-"),
                "namespace": .string(service.objectNamespace), "labels": .object(labels),
                "ownerReferences": [WorkloadSync.ownerReference(service, type: .services)],
            ],
            "addressType": "IPv4", "endpoints": .array(endpoints), "ports": .array(ports),
        ]
    }
}
