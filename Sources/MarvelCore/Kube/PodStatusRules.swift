/// kubectl's rules for a pod's STATUS, READY and RESTARTS columns, applied to
/// what the decoder read of the pod's status (`PodStatusFields`).
enum PodStatusRules {
    struct Result {
        var status: String
        var ready: Int
        var restarts: Int
    }

    static func compute(status: PodStatusFields, initContainers: [Pod.Container], deleting: Bool) -> Result {
        var reason = status.phase ?? "Pending"
        if let r = status.reason, !r.isEmpty { reason = r }
        var restarts = 0
        var ready = 0
        var initializing = false
        let sidecars = Set(initContainers.filter { $0.restartPolicy == "Always" }.map(\.name))
        let initStatuses = status.initContainerStatuses
        for (i, cs) in initStatuses.enumerated() {
            restarts += cs.restartCount ?? 0
            let name = cs.name ?? ""
            if let t = cs.terminated {
                if (t.exitCode ?? 0) == 0 { continue }
                reason = "Init:" + terminatedReason(t)
                initializing = true
            } else if sidecars.contains(name), cs.started == true {
                continue  // a running sidecar counts as initialized
            } else if let wr = cs.waitingReason, !wr.isEmpty, wr != "PodInitializing" {
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
            for cs in status.containerStatuses.reversed() {
                restarts += cs.restartCount ?? 0
                if let wr = cs.waitingReason, !wr.isEmpty {
                    reason = wr
                } else if let t = cs.terminated, let tr = t.reason, !tr.isEmpty {
                    reason = tr
                } else if let t = cs.terminated {
                    reason = terminatedReason(t)
                } else if cs.ready == true, cs.running {
                    hasRunning = true
                    ready += 1
                }
            }
            if reason == "Completed" && hasRunning {
                reason = status.readyCondition ? "Running" : "NotReady"
            }
        }
        if deleting {
            reason = status.reason == "NodeLost" ? "Unknown" : "Terminating"
        }
        return Result(status: reason, ready: ready, restarts: restarts)
    }

    private static func terminatedReason(_ t: PodStatusFields.Terminated) -> String {
        if let r = t.reason, !r.isEmpty { return r }
        if let sig = t.signal, sig != 0 { return "Signal:\(sig)" }
        return "ExitCode:\(t.exitCode ?? 0)"
    }
}
