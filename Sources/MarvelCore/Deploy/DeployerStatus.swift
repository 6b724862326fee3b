import Foundation

extension Deployer {
    /// Every instance: marvdash records, plus read-only entries for Services that
    /// MARVdash/Karvdash deployed (label `karvdash-template`, annotation `karvdash-values`).
    public func instances(namespace: String?) throws -> [Instance] {
        var out = try records(namespace: namespace).map(\.instance)
        let path = namespace.map { "/api/v1/namespaces/\($0)/services" } ?? "/api/v1/services"
        let services: ObjectList
        do {
            services = try client.list(path, query: ["labelSelector": InstanceLabels.karvdashTemplate])
        } catch {
            throw DeployError.api(action: "listing Karvdash services", error)
        }
        for item in services.items {
            var svc = item
            svc["kind"] = "Service"
            svc["apiVersion"] = "v1"
            let labels = DeployObject.labels(svc)
            guard let template = labels[InstanceLabels.karvdashTemplate], labels[InstanceLabels.instance] == nil else { continue }
            let ns = svc.at("metadata", "namespace")?.stringValue ?? namespace ?? ""
            let name = DeployObject.name(svc)
            if out.contains(where: { $0.name == name && $0.namespace == ns }) { continue }
            out.append(
                Instance(
                    name: name, namespace: ns, templateID: template, revision: 0, values: Self.karvdashValues(svc), managedBy: .karvdash,
                    createdAt: svc.at("metadata", "creationTimestamp")?.stringValue.flatMap(Timestamp.parse), manifests: [svc]))
        }
        return out.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
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

    /// Pods, Ready x/y, endpoints and Pending reasons of `instance`.
    public func status(of instance: Instance, rules: LayerRules = LayerRules()) throws -> InstanceStatus {
        let ns = instance.namespace
        do {
            let selector: String
            if instance.managedBy == .karvdash {
                let sel = instance.manifests.first?.at("spec", "selector")?.objectValue ?? JSONObject()
                selector = sel.map { "\($0.key)=\($0.value.stringValue ?? "")" }.joined(separator: ",")
            } else {
                selector = "\(InstanceLabels.instance)=\(instance.name)"
            }
            let pods = selector.isEmpty ? [] : try client.list("/api/v1/namespaces/\(ns)/pods", query: ["labelSelector": selector]).items.compactMap { try? Pod(json: $0) }
            var layers: [String: Layer] = [:]
            if pods.contains(where: { !$0.nodeName.isEmpty }) {
                for node in try client.nodes() { layers[node.name] = rules.layer(of: node.labels) }
            }
            var reasons: [String: (Date, String)] = [:]
            if pods.contains(where: { $0.phase == "Pending" && $0.nodeName.isEmpty }) {
                for e in try client.list("/api/v1/namespaces/\(ns)/events").items where e["reason"]?.stringValue == "FailedScheduling" {
                    guard let pod = e.at("involvedObject", "name")?.stringValue, let message = e["message"]?.stringValue else { continue }
                    let when = ["lastTimestamp", "eventTime", "firstTimestamp"].lazy.compactMap { e[$0]?.stringValue.flatMap(Timestamp.parse) }.first ?? .distantPast
                    if let old = reasons[pod], old.0 > when { continue }
                    reasons[pod] = (when, message)
                }
            }
            let entries = pods.sorted { $0.name < $1.name }.map { p in
                InstanceStatus.PodEntry(
                    name: p.name, phase: p.phase, status: p.displayStatus, ready: p.readyText, node: p.nodeName, layer: layers[p.nodeName],
                    restarts: p.restarts, pendingReason: p.phase == "Pending" ? reasons[p.name]?.1 : nil)
            }
            var ready = 0
            var desired = 0
            var endpoints: [String] = []
            for object in instance.managedBy == .karvdash ? [] : instance.manifests {
                let kind = DeployObject.kind(object)
                guard ["Deployment", "StatefulSet", "DaemonSet", "Job"].contains(kind) else { continue }
                let type = try resources.type(kind: kind, apiVersion: object["apiVersion"]?.stringValue ?? "")
                guard let live = try? client.get(type.objectPath(name: DeployObject.name(object), namespace: ns)) else {
                    desired += object.at("spec", "replicas")?.intValue ?? 1
                    continue
                }
                let s = live["status"] ?? .null
                switch kind {
                case "DaemonSet":
                    ready += s["numberReady"]?.intValue ?? 0
                    desired += s["desiredNumberScheduled"]?.intValue ?? 0
                case "Job":
                    ready += s["succeeded"]?.intValue ?? 0
                    desired += live.at("spec", "completions")?.intValue ?? 1
                default:
                    ready += s["readyReplicas"]?.intValue ?? 0
                    desired += live.at("spec", "replicas")?.intValue ?? 1
                }
            }
            if instance.managedBy == .karvdash {
                ready = pods.filter { $0.readyCount == $0.containerCount && $0.phase == "Running" }.count
                desired = pods.count
            }
            for object in instance.manifests {
                let kind = DeployObject.kind(object)
                guard kind == "Service" || kind == "Ingress" else { continue }
                let type = try resources.type(kind: kind, apiVersion: object["apiVersion"]?.stringValue ?? "")
                let live = (try? client.get(type.objectPath(name: DeployObject.name(object), namespace: ns))) ?? object
                endpoints += Self.endpoints(of: live, kind: kind)
            }
            return InstanceStatus(instance: instance, pods: entries, ready: ready, desired: desired, endpoints: endpoints)
        } catch let e as KubeError {
            throw DeployError.api(action: "reading the status of \(instance.name)", e)
        }
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
