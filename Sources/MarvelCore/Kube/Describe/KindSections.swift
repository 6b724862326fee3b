import Foundation

/// The kind-specific parts of a description (see `ResourceDescription`).
enum KindSections {
    static func pod(_ pod: JSONValue, into out: inout DescriptionWriter) {
        let spec = pod["spec"] ?? .null
        let status = pod["status"] ?? .null
        let node = spec["nodeName"]?.stringValue
        out.field("Node", node.map { n in status["hostIP"]?.stringValue.map { "\(n)/\($0)" } ?? n } ?? "<none>")
        if let start = status["startTime"]?.stringValue { out.field("Start Time", start) }
        out.field("Status", status["phase"]?.stringValue ?? "Unknown")
        out.field("IP", status["podIP"]?.stringValue ?? "")
        let states = status["containerStatuses"]?.arrayValue ?? []
        out.section("Containers") { out in
            for container in spec["containers"]?.arrayValue ?? [] {
                let name = container["name"]?.stringValue ?? ""
                let st = states.first { $0["name"]?.stringValue == name }
                out.section(name) { out in
                    out.field("Image", container["image"]?.stringValue ?? "")
                    let ports = (container["ports"]?.arrayValue ?? []).map {
                        "\($0["containerPort"]?.intValue ?? 0)/\($0["protocol"]?.stringValue ?? "TCP")"
                    }
                    out.field("Port", ports.isEmpty ? "<none>" : ports.joined(separator: ", "))
                    if let state = st?["state"]?.objectValue?.members.first {
                        out.field("State", state.key.prefix(1).uppercased() + state.key.dropFirst())
                        if let reason = state.value["reason"]?.stringValue { out.field("  Reason", reason) }
                        if let started = state.value["startedAt"]?.stringValue { out.field("  Started", started) }
                    }
                    out.field("Ready", st?["ready"]?.boolValue == true ? "True" : "False")
                    out.field("Restart Count", String(st?["restartCount"]?.intValue ?? 0))
                    resources(container["resources"], into: &out)
                }
            }
        }
        if let conditions = status["conditions"]?.arrayValue, !conditions.isEmpty {
            out.section("Conditions") { out in
                for c in conditions { out.field(c["type"]?.stringValue ?? "", c["status"]?.stringValue ?? "") }
            }
        }
        PodVolumes.describe(spec["volumes"], into: &out)
        out.field("QoS Class", PodQOSClass.of(pod: pod).rawValue)
        out.map("Node-Selectors", spec["nodeSelector"])
        let tolerations = (spec["tolerations"]?.arrayValue ?? []).map { t -> String in
            var text = t["key"]?.stringValue ?? ""
            if let value = t["value"]?.stringValue { text += "=\(value)" }
            if let effect = t["effect"]?.stringValue { text += ":\(effect)" }
            if t["operator"]?.stringValue == "Exists", t["key"] == nil { text = "op=Exists" }
            return text
        }
        out.field("Tolerations", tolerations.isEmpty ? "<none>" : tolerations.joined(separator: ", "))
    }

    static func workload(_ object: JSONValue, kind: String, into out: inout DescriptionWriter) {
        let spec = object["spec"] ?? .null
        let status = object["status"] ?? .null
        out.map("Selector", spec.at("selector", "matchLabels"))
        func n(_ key: String) -> Int { status[key]?.intValue ?? 0 }
        switch kind {
        case "Deployment":
            out.field("Replicas", "\(spec["replicas"]?.intValue ?? 1) desired | \(n("updatedReplicas")) updated | \(n("replicas")) total | \(n("availableReplicas")) available | \(n("unavailableReplicas")) unavailable")
            out.field("StrategyType", spec.at("strategy", "type")?.stringValue ?? "RollingUpdate")
        case "DaemonSet":
            out.field("Desired Number of Nodes Scheduled", String(n("desiredNumberScheduled")))
            out.field("Current Number of Nodes Scheduled", String(n("currentNumberScheduled")))
            out.field("Number of Nodes Scheduled with Up-to-date Pods", String(n("updatedNumberScheduled")))
            out.field("Number of Nodes Scheduled with Available Pods", String(n("numberAvailable")))
        default:
            out.field("Replicas", "\(n("readyReplicas")) ready / \(spec["replicas"]?.intValue ?? 1) desired")
        }
        podTemplate(spec["template"], into: &out)
    }

    static func job(_ object: JSONValue, kind: String, into out: inout DescriptionWriter) {
        let spec = object["spec"] ?? .null
        let status = object["status"] ?? .null
        if kind == "CronJob" {
            out.field("Schedule", spec["schedule"]?.stringValue ?? "")
            out.field("Suspend", spec["suspend"]?.boolValue == true ? "True" : "False")
            out.field("Last Schedule Time", status["lastScheduleTime"]?.stringValue ?? "<unset>")
            podTemplate(spec.at("jobTemplate", "spec", "template"), into: &out)
            return
        }
        out.field("Completions", String(spec["completions"]?.intValue ?? 1))
        out.field("Parallelism", String(spec["parallelism"]?.intValue ?? 1))
        out.field("Pods Statuses", "\(status["active"]?.intValue ?? 0) Active / \(status["succeeded"]?.intValue ?? 0) Succeeded / \(status["failed"]?.intValue ?? 0) Failed")
        podTemplate(spec["template"], into: &out)
    }

    static func service(_ object: JSONValue, into out: inout DescriptionWriter) {
        let spec = object["spec"] ?? .null
        out.map("Selector", spec["selector"])
        out.field("Type", spec["type"]?.stringValue ?? "ClusterIP")
        out.field("IP", spec["clusterIP"]?.stringValue ?? "")
        for port in spec["ports"]?.arrayValue ?? [] {
            let name = port["name"]?.stringValue ?? "<unset>"
            out.field("Port", "\(name)  \(port["port"]?.intValue ?? 0)/\(port["protocol"]?.stringValue ?? "TCP")")
            if let target = port["targetPort"] { out.field("TargetPort", target.stringValue ?? String(target.intValue ?? 0)) }
            if let nodePort = port["nodePort"]?.intValue { out.field("NodePort", String(nodePort)) }
        }
    }

    /// Sizes only, as kubectl: a Secret's values never reach the screen here.
    static func secret(_ object: JSONValue, into out: inout DescriptionWriter) {
        out.field("Type", object["type"]?.stringValue ?? "Opaque")
        out.heading("Data")
        out.lines.append("====")
        for member in object["data"]?.objectValue ?? JSONObject() {
            let size = member.value.stringValue.flatMap { Data(base64Encoded: $0)?.count } ?? 0
            out.lines.append("\(member.key):  \(size) bytes")
        }
    }

    /// Keys and values, secret-named keys masked (SecretMask's rules).
    static func configMap(_ object: JSONValue, into out: inout DescriptionWriter) {
        let masked = SecretMask.structural.object(object)
        out.heading("Data")
        out.lines.append("====")
        for member in masked["data"]?.objectValue ?? JSONObject() {
            out.lines.append("\(member.key):")
            out.lines.append("----")
            out.lines += (member.value.stringValue ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
    }

    static func claim(_ object: JSONValue, into out: inout DescriptionWriter) {
        out.field("StorageClass", object.at("spec", "storageClassName")?.stringValue ?? "")
        out.field("Status", object.at("status", "phase")?.stringValue ?? "")
        out.field("Volume", object.at("spec", "volumeName")?.stringValue ?? "")
        out.field("Capacity", object.at("status", "capacity", "storage")?.stringValue ?? "")
        out.field("Access Modes", (object.at("spec", "accessModes")?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ","))
    }

    static func event(_ object: JSONValue, into out: inout DescriptionWriter) {
        let involved = object["involvedObject"] ?? .null
        out.field("Involved Object", "\(involved["kind"]?.stringValue ?? "")/\(involved["name"]?.stringValue ?? "")")
        out.field("Type", object["type"]?.stringValue ?? "")
        out.field("Reason", object["reason"]?.stringValue ?? "")
        out.field("Message", object["message"]?.stringValue ?? "")
        out.field("Count", String(object["count"]?.intValue ?? 1))
    }

    private static func podTemplate(_ template: JSONValue?, into out: inout DescriptionWriter) {
        guard let template else { return }
        out.section("Pod Template") { out in
            out.map("Labels", template.at("metadata", "labels"))
            out.map("Annotations", template.at("metadata", "annotations"))
            out.section("Containers") { out in
                for container in template.at("spec", "containers")?.arrayValue ?? [] {
                    out.section(container["name"]?.stringValue ?? "") { out in
                        out.field("Image", container["image"]?.stringValue ?? "")
                        resources(container["resources"], into: &out)
                    }
                }
            }
            PodVolumes.describe(template.at("spec", "volumes"), into: &out)
        }
    }

    private static func resources(_ resources: JSONValue?, into out: inout DescriptionWriter) {
        for key in ["limits", "requests"] {
            guard let values = resources?[key]?.objectValue, !values.isEmpty else { continue }
            out.section(key.prefix(1).uppercased() + key.dropFirst()) { out in
                for member in values { out.field(member.key, member.value.stringValue ?? member.value.jsonString()) }
            }
        }
    }
}
