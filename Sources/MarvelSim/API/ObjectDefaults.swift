import MarvelCore

/// The defaults the API server fills into a new object: generation, a
/// Pending pod status, a Service's cluster IP and port defaults, empty
/// workload status, a Secret's type.
enum ObjectDefaults {
    static func prepareNew(_ object: JSONValue, type: ResourceType) -> JSONValue {
        var o = object
        o["status"] = nil
        switch type.name {
        case "pods":
            o["status"] = ["phase": "Pending", "qosClass": .string(qosClass(o))]
            if o.at("spec", "restartPolicy") == nil { o["spec"]?["restartPolicy"] = "Always" }
            if o.at("spec", "schedulerName") == nil { o["spec"]?["schedulerName"] = "default-scheduler" }
        case "services":
            o = service(o)
        case "namespaces":
            let name = o.at("metadata", "name")?.stringValue ?? ""
            if o.at("metadata", "labels") == nil { o["metadata"]?["labels"] = [:] }
            o["metadata"]?["labels"]?["kubernetes.io/metadata.name"] = .string(name)
            o["spec"] = ["finalizers": ["kubernetes"]]
            o["status"] = ["phase": "Active"]
        case "secrets":
            if o["type"] == nil { o["type"] = "Opaque" }
        case "deployments", "statefulsets", "daemonsets", "jobs":
            o["metadata"]?["generation"] = 1
            o["status"] = [:]
        case "ingresses":
            o["metadata"]?["generation"] = 1
            o["status"] = ["loadBalancer": [:]]
        default: break
        }
        return o
    }

    /// ClusterIP type, a stable cluster IP in 10.96.0.0/12, TCP ports with targetPort = port.
    private static func service(_ object: JSONValue) -> JSONValue {
        var o = object
        if o["spec"] == nil { o["spec"] = [:] }
        let type = o.at("spec", "type")?.stringValue ?? "ClusterIP"
        o["spec"]?["type"] = .string(type)
        if o.at("spec", "clusterIP") == nil, type != "ExternalName" {
            let key = (o.at("metadata", "namespace")?.stringValue ?? "") + "/" + (o.at("metadata", "name")?.stringValue ?? "")
            let n = StableID.number(key + "clusterIP", in: 1...(16 * 256 * 256 - 2))
            let ip = "10.\(96 + n / 65_536).\(n / 256 % 256).\(max(1, n % 256))"
            o["spec"]?["clusterIP"] = .string(ip)
            o["spec"]?["clusterIPs"] = [.string(ip)]
        }
        if o.at("spec", "sessionAffinity") == nil { o["spec"]?["sessionAffinity"] = "None" }
        if let ports = o.at("spec", "ports")?.arrayValue {
            let serviceName = o.at("metadata", "name")?.stringValue ?? ""
            let defaulted: JSONValue = .array(
                ports.map { p in
                    var port = p
                    if port["protocol"] == nil { port["protocol"] = "TCP" }
                    if port["targetPort"] == nil { port["targetPort"] = port["port"] ?? .null }
                    if type == "NodePort" || type == "LoadBalancer", port["nodePort"] == nil {
                        let seed = serviceName + "\(port["port"]?.intValue ?? 0)"
                        port["nodePort"] = .int(StableID.number(seed, in: 30000...32767))
                    }
                    return port
                })
            o["spec"]?["ports"] = defaulted
        }
        o["status"] = ["loadBalancer": [:]]
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
