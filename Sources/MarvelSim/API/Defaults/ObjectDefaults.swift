import Foundation
import MarvelCore

/// What kube-apiserver does to an object between decoding and storing it:
/// the decoding defaults (`SchemaDefaulter`), the kind's PrepareForCreate or
/// PrepareForUpdate (status, generation, a Job's selector, a Service's
/// cluster IP) and, for new pods, the admission plugins every cluster runs
/// (default tolerations, priority, service account).
enum ObjectDefaults {
    /// Kinds whose `metadata.generation` counts spec changes.
    static let generationKinds: Set<String> = [
        "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "Ingress", "PodDisruptionBudget",
        "HorizontalPodAutoscaler", "NetworkPolicy",
    ]

    static func gvk(_ type: ResourceType) -> GroupVersionKind {
        GroupVersionKind(group: type.group, version: type.version, kind: type.kind)
    }

    /// The defaults decoding fills; runs on every create, update and patch.
    static func defaulted(_ object: JSONValue, type: ResourceType) -> JSONValue {
        SchemaDefaulter().apply(object, as: gvk(type))
    }

    /// A new object as the server stores it.
    static func prepareNew(_ object: JSONValue, type: ResourceType) -> JSONValue {
        var o = defaulted(object, type: type)
        if o["metadata"] == nil { o["metadata"] = [:] }
        o["status"] = nil
        if generationKinds.contains(type.kind) { o["metadata"]?["generation"] = 1 }
        switch type.name {
        case "pods":
            o = PodAdmission.admit(o)
            o["status"] = ["phase": "Pending", "qosClass": .string(qosClass(o))]
        case "services":
            o = service(o)
        case "namespaces":
            o["spec"] = ["finalizers": ["kubernetes"]]
            o["status"] = ["phase": "Active"]
        case "deployments", "statefulsets", "daemonsets", "replicasets", "cronjobs":
            o["status"] = [:]
        case "jobs":
            o = jobSelector(o)
            o["status"] = [:]
        case "ingresses":
            o["status"] = ["loadBalancer": [:]]
        case "persistentvolumeclaims", "persistentvolumes":
            o["status"] = ["phase": "Pending"]
        default: break
        }
        return o
    }

    /// A replaced or patched object: system fields and status stay as stored,
    /// the generation grows when the spec changed.
    static func prepareUpdate(_ object: JSONValue, old: JSONValue, type: ResourceType) -> JSONValue {
        var o = defaulted(object, type: type)
        for key in ["uid", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds"] {
            o["metadata"]?[key] = old.at("metadata", key)
        }
        o["status"] = old["status"]
        if type.name == "namespaces" { o["spec"] = old["spec"] }
        if type.name == "services" {
            for key in ["clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"] where o.at("spec", key) == nil {
                o["spec"]?[key] = old.at("spec", key)
            }
            o = service(o)
        }
        if generationKinds.contains(type.kind), old["spec"] != o["spec"] {
            o["metadata"]?["generation"] = .int((old.at("metadata", "generation")?.intValue ?? 1) + 1)
        }
        return o
    }

    /// A Job's generated selector on its own uid (unless `manualSelector`), in selector and template labels.
    private static func jobSelector(_ job: JSONValue) -> JSONValue {
        var o = job
        guard o.at("spec", "manualSelector")?.boolValue != true else { return o }
        let uid = o.at("metadata", "uid")?.stringValue ?? UUID().uuidString.lowercased()
        let name = o.at("metadata", "name")?.stringValue ?? ""
        o["metadata"]?["uid"] = .string(uid)
        o["spec"]?["selector"] = ["matchLabels": ["batch.kubernetes.io/controller-uid": .string(uid)]]
        var labels = o.at("spec", "template", "metadata", "labels")?.objectValue ?? JSONObject()
        labels["batch.kubernetes.io/controller-uid"] = .string(uid)
        labels["batch.kubernetes.io/job-name"] = .string(name)
        labels["controller-uid"] = .string(uid)
        labels["job-name"] = .string(name)
        if o.at("spec", "template", "metadata") == nil { o["spec"]?["template"]?["metadata"] = [:] }
        o["spec"]?["template"]?["metadata"]?["labels"] = .object(labels)
        return o
    }

    /// A stable cluster IP in 10.96.0.0/12, single-stack IPv4, node ports for NodePort and LoadBalancer.
    private static func service(_ object: JSONValue) -> JSONValue {
        var o = object
        if o["spec"] == nil { o["spec"] = [:] }
        let type = o.at("spec", "type")?.stringValue ?? "ClusterIP"
        if type != "ExternalName" {
            if o.at("spec", "clusterIP") == nil || o.at("spec", "clusterIP") == "" {
                let key = (o.at("metadata", "namespace")?.stringValue ?? "") + "/" + (o.at("metadata", "name")?.stringValue ?? "")
                let ip = ClusterIP.stable(for: key)
                o["spec"]?["clusterIP"] = .string(ip)
            }
            let clusterIP = o.at("spec", "clusterIP") ?? ""
            if o.at("spec", "clusterIPs") == nil { o["spec"]?["clusterIPs"] = [clusterIP] }
            if o.at("spec", "ipFamilies") == nil { o["spec"]?["ipFamilies"] = ["IPv4"] }
            if o.at("spec", "ipFamilyPolicy") == nil { o["spec"]?["ipFamilyPolicy"] = "SingleStack" }
        }
        if let ports = o.at("spec", "ports")?.arrayValue, type == "NodePort" || type == "LoadBalancer" {
            let serviceName = o.at("metadata", "name")?.stringValue ?? ""
            o["spec"]?["ports"] = .array(
                ports.map { p in
                    var port = p
                    if port["nodePort"] == nil {
                        port["nodePort"] = .int(StableID.number(serviceName + "\(port["port"]?.intValue ?? 0)", in: 30000...32767))
                    }
                    return port
                })
        }
        if o["status"] == nil { o["status"] = ["loadBalancer": [:]] }
        return o
    }

    /// BestEffort without requests or limits, Guaranteed when cpu and memory
    /// limits equal requests in every container, Burstable otherwise.
    static func qosClass(_ pod: JSONValue) -> String {
        let containers = pod.at("spec", "containers")?.arrayValue ?? []
        let resources = containers.map { $0["resources"] ?? [:] }
        let none = resources.allSatisfy {
            ($0["requests"]?.objectValue?.isEmpty ?? true) && ($0["limits"]?.objectValue?.isEmpty ?? true)
        }
        if none { return "BestEffort" }
        let guaranteed = resources.allSatisfy { r in
            ["cpu", "memory"].allSatisfy { k in
                guard let limit = r.at("limits", k) else { return false }
                return (r.at("requests", k) ?? limit) == limit
            }
        }
        return guaranteed ? "Guaranteed" : "Burstable"
    }
}
