/// kubectl's rules for a pod's STATUS, READY and RESTARTS columns, applied to
/// the pod's status JSON.
enum PodStatusRules {
    struct Result {
        var status: String
        var ready: Int
        var restarts: Int
    }

    static func compute(status: JSONValue, initContainers: [Pod.Container], deleting: Bool) -> Result {
        var reason = status["phase"]?.stringValue ?? "Pending"
        if let r = status["reason"]?.stringValue, !r.isEmpty { reason = r }
        var restarts = 0
        var ready = 0
        var initializing = false
        let sidecars = Set(initContainers.filter { $0.restartPolicy == "Always" }.map(\.name))
        let initStatuses = status["initContainerStatuses"]?.arrayValue ?? []
        for (i, cs) in initStatuses.enumerated() {
            restarts += cs["restartCount"]?.intValue ?? 0
            let state = cs["state"]
            let name = cs["name"]?.stringValue ?? ""
            if let t = state?["terminated"], t.objectValue != nil {
                if (t["exitCode"]?.intValue ?? 0) == 0 { continue }
                reason = "Init:" + terminatedReason(t)
                initializing = true
            } else if sidecars.contains(name), cs["started"]?.boolValue == true {
                continue  // a running sidecar counts as initialized
            } else if let w = state?["waiting"], let wr = w["reason"]?.stringValue, !wr.isEmpty, wr != "PodInitializing" {
                reason = "Init:" + wr
                initializing = true
            } else {
                reason = "Init:\(i)/\(max(initContainers.count, initStatuses.count))"
                initializing = true
            }
            break
        }
        if !initializing {
            restarts = 0
            var hasRunning = false
            let statuses = status["containerStatuses"]?.arrayValue ?? []
            for cs in statuses.reversed() {
                restarts += cs["restartCount"]?.intValue ?? 0
                let state = cs["state"]
                if let w = state?["waiting"], let wr = w["reason"]?.stringValue, !wr.isEmpty {
                    reason = wr
                } else if let t = state?["terminated"], t.objectValue != nil, let tr = t["reason"]?.stringValue, !tr.isEmpty {
                    reason = tr
                } else if let t = state?["terminated"], t.objectValue != nil {
                    reason = terminatedReason(t)
                } else if cs["ready"]?.boolValue == true, state?["running"]?.objectValue != nil {
                    hasRunning = true
                    ready += 1
                }
            }
            if reason == "Completed" && hasRunning {
                let podReady = (status["conditions"]?.arrayValue ?? []).contains {
                    $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True"
                }
                reason = podReady ? "Running" : "NotReady"
            }
        }
        if deleting {
            reason = status["reason"]?.stringValue == "NodeLost" ? "Unknown" : "Terminating"
        }
        return Result(status: reason, ready: ready, restarts: restarts)
    }

    private static func terminatedReason(_ t: JSONValue) -> String {
        if let r = t["reason"]?.stringValue, !r.isEmpty { return r }
        if let sig = t["signal"]?.intValue, sig != 0 { return "Signal:\(sig)" }
        return "ExitCode:\(t["exitCode"]?.intValue ?? 0)"
    }
}
