import Foundation

extension Deployer {
    /// Every instance: marvdash records (whatever their state), instances whose objects carry
    /// the marvdash labels but have no record (state orphaned), plus read-only entries for
    /// Services that MARVdash/Karvdash deployed (label `karvdash-template`, annotation `karvdash-values`).
    public func instances(namespace: String?) throws -> [Instance] {
        var out = try records(namespace: namespace).map(\.instance)
        out += try orphans(namespace: namespace, recorded: Set(out.map { "\($0.namespace)/\($0.name)" }))
        let path = namespace.map { "/api/v1/namespaces/\($0)/services" } ?? "/api/v1/services"
        let services: ObjectList
        do {
            services = try client.list(path, query: ["labelSelector": InstanceLabels.karvdashTemplate])
        } catch {
            throw DeployError.api(action: "listing Karvdash services", error)
        }
        out += Self.karvdashInstances(among: services.items, existing: out, namespace: namespace)
        return out.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
    }

    /// The read-only instances of Services labelled `karvdash-template` (and not by marvdash)
    /// that `existing` does not already hold. Pure, so a watch cache can feed it.
    public static func karvdashInstances(among services: [JSONValue], existing: [Instance], namespace: String?) -> [Instance] {
        var out: [Instance] = []
        for item in services {
            var svc = item
            svc["kind"] = "Service"
            svc["apiVersion"] = "v1"
            let labels = DeployObject.labels(svc)
            guard let template = labels[InstanceLabels.karvdashTemplate], labels[InstanceLabels.instance] == nil else { continue }
            let ns = svc.at("metadata", "namespace")?.stringValue ?? namespace ?? ""
            let name = DeployObject.name(svc)
            if (existing + out).contains(where: { $0.name == name && $0.namespace == ns }) { continue }
            out.append(
                Instance(
                    name: name, namespace: ns, templateID: template, revision: 0, values: Self.karvdashValues(svc), managedBy: .karvdash,
                    createdAt: svc.at("metadata", "creationTimestamp")?.stringValue.flatMap(Timestamp.parse), manifests: [svc]))
        }
        return out
    }

    /// Objects labelled by marvdash whose instance has no record, one orphaned instance per name.
    func orphans(namespace: String?, recorded: Set<String>) throws -> [Instance] {
        let selector = "\(InstanceLabels.managedBy)=marvdash,\(InstanceLabels.instance)"
        return Self.orphans(among: try labelledObjects(namespace: namespace, selector: selector), recorded: recorded, namespace: namespace)
    }

    /// The instances (state orphaned) of `objects` labelled with an instance whose
    /// "namespace/name" is not in `recorded`; record objects are skipped. Pure, so a watch
    /// cache can feed it.
    public static func orphans(among objects: [JSONValue], recorded: Set<String>, namespace: String?) -> [Instance] {
        var found: [String: [JSONValue]] = [:]
        var order: [String] = []
        for object in objects where !isRecordObject(object) {
            guard let name = DeployObject.labels(object)[InstanceLabels.instance] else { continue }
            let key = "\(object.at("metadata", "namespace")?.stringValue ?? namespace ?? "")/\(name)"
            if recorded.contains(key) { continue }
            if found[key] == nil { order.append(key) }
            found[key, default: []].append(object)
        }
        return order.map { key in
            let objects = found[key] ?? []
            let first = objects.first ?? .null
            let labels = DeployObject.labels(first)
            let created = objects.compactMap { $0.at("metadata", "creationTimestamp")?.stringValue.flatMap(Timestamp.parse) }.min()
            return Instance(
                name: labels[InstanceLabels.instance] ?? "", namespace: first.at("metadata", "namespace")?.stringValue ?? namespace ?? "",
                templateID: labels[InstanceLabels.template] ?? "?", revision: 0, values: [:], managedBy: .marvdash, createdAt: created,
                manifests: objects, state: .orphaned)
        }
    }

    /// The `karvdash-values` annotation (a JSON object) as strings.
    static func karvdashValues(_ svc: JSONValue) -> [String: String] {
        guard let text = svc.at("metadata", "annotations", InstanceLabels.karvdashValues)?.stringValue else { return [:] }
        if let values = InstanceRecord.parseValues(text) { return values }
        // Some versions store a list of {name, value}.
        var out: [String: String] = [:]
        for item in (try? JSONValue.parse(text))?.arrayValue ?? [] {
            if let k = item["name"]?.stringValue { out[k] = item["value"]?.stringValue ?? item["value"]?.jsonString() ?? "" }
        }
        return out
    }

    /// Pods, Ready x/y, endpoints, Pending reasons and which objects exist: the cluster is
    /// read here, the status computed by `InstanceStatus.compute`.
    public func status(of instance: Instance, rules: LayerRules = LayerRules()) throws -> InstanceStatus {
        let ns = instance.namespace
        do {
            let pods = try self.pods(of: instance)
            let nodes = pods.contains(where: { !$0.nodeName.isEmpty }) ? try client.nodes() : []
            let events = pods.contains(where: { $0.phase == "Pending" && $0.nodeName.isEmpty })
                ? try client.list("/api/v1/namespaces/\(ns)/events", query: ["fieldSelector": "reason=FailedScheduling"]).items : []
            // An orphan's manifests and a Karvdash Service are the live objects already.
            let recorded = instance.managedBy == .marvdash && instance.state != .orphaned
            let objects = recorded ? try liveObjects(instance.manifests + instance.priorManifests, namespace: ns) : instance.manifests
            return InstanceStatus.compute(instance: instance, objects: objects, pods: pods, nodes: nodes, events: events, rules: rules)
        } catch let e as KubeError {
            throw DeployError.api(action: "reading the status of \(instance.name)", e)
        }
    }

    /// The objects of `manifests` that exist, as the server has them (kind and apiVersion set).
    func liveObjects(_ manifests: [JSONValue], namespace: String) throws -> [JSONValue] {
        var out: [JSONValue] = []
        for object in manifests {
            let type = try resources.type(kind: DeployObject.kind(object), apiVersion: object["apiVersion"]?.stringValue ?? "")
            let path = type.objectPath(name: DeployObject.name(object), namespace: object.at("metadata", "namespace")?.stringValue ?? namespace)
            do throws(KubeError) {
                var current = try client.get(path)
                current["kind"] = .string(DeployObject.kind(object))
                current["apiVersion"] = object["apiVersion"]
                out.append(current)
            } catch where error.statusCode == 404 {
                continue
            } catch {
                throw error
            }
        }
        return out
    }

    static func endpoints(of object: JSONValue, kind: String) -> [String] {
        if kind == "Ingress" {
            let tls = Set((object.at("spec", "tls")?.arrayValue ?? []).flatMap { $0["hosts"]?.arrayValue ?? [] }.compactMap(\.stringValue))
            return (object.at("spec", "rules")?.arrayValue ?? []).compactMap { $0["host"]?.stringValue }.map { (tls.contains($0) ? "https://" : "http://") + $0 }
        }
        let ip = object.at("spec", "clusterIP")?.stringValue ?? ""
        var out: [String] = []
        for port in object.at("spec", "ports")?.arrayValue ?? [] {
            let p = port["port"]?.intValue.map(String.init) ?? "?"
            let proto = port["protocol"]?.stringValue ?? "TCP"
            let suffix = proto == "TCP" ? "" : "/\(proto)"
            if !ip.isEmpty && ip != "None" { out.append("\(ip):\(p)\(suffix)") }
            if let np = port["nodePort"]?.intValue { out.append("NodePort:\(np)\(suffix)") }
        }
        if ip == "None" { out.append("\(DeployObject.name(object)) (headless)") }
        return out
    }
}
