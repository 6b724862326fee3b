import MarvelCore

/// autoscaling/v1 ↔ autoscaling/v2 HorizontalPodAutoscalers, as the API
/// server converts them: v1's `targetCPUUtilizationPercentage` is v2's CPU
/// `Utilization` metric and `currentCPUUtilizationPercentage` its current
/// average utilization; the rest is shared.
enum AutoscalerConversion {
    /// A v1 object in its stored (v2) form.
    static func toV2(_ v1: JSONValue) -> JSONValue {
        var o = v1
        o["apiVersion"] = "autoscaling/v2"
        if var spec = v1["spec"]?.objectValue {
            if let target = spec["targetCPUUtilizationPercentage"] {
                spec["metrics"] = [
                    ["type": "Resource", "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": target]]]
                ]
            }
            spec["targetCPUUtilizationPercentage"] = nil
            o["spec"] = .object(spec)
        }
        if var status = v1["status"]?.objectValue {
            if let current = status["currentCPUUtilizationPercentage"] {
                status["currentMetrics"] = [["type": "Resource", "resource": ["name": "cpu", "current": ["averageUtilization": current]]]]
            }
            status["currentCPUUtilizationPercentage"] = nil
            o["status"] = .object(status)
        }
        return o
    }

    /// A stored (v2) object as v1 shows it.
    static func toV1(_ v2: JSONValue) -> JSONValue {
        var o = v2
        if o["apiVersion"] != nil { o["apiVersion"] = "autoscaling/v1" }
        if var spec = v2["spec"]?.objectValue {
            let cpu = (spec["metrics"]?.arrayValue ?? []).first {
                $0["type"]?.stringValue == "Resource" && $0.at("resource", "name")?.stringValue == "cpu"
            }
            spec["metrics"] = nil
            spec["behavior"] = nil
            if let target = cpu?.at("resource", "target", "averageUtilization") { spec["targetCPUUtilizationPercentage"] = target }
            o["spec"] = .object(spec)
        }
        if var status = v2["status"]?.objectValue {
            let cpu = (status["currentMetrics"]?.arrayValue ?? []).first { $0.at("resource", "name")?.stringValue == "cpu" }
            status["currentMetrics"] = nil
            status["conditions"] = nil
            if let current = cpu?.at("resource", "current", "averageUtilization") {
                status["currentCPUUtilizationPercentage"] = current
            }
            o["status"] = .object(status)
        }
        return o
    }
}
