import MarvelCore

/// DynHP training pods: Running while their in-process trainer trains (or waits for a
/// slot), then Succeeded or Failed by how the trainer ended.
extension PodLifecycle {
    func stepTraining(_ pod: JSONValue, runningTicks: inout [String: Int]) {
        guard let training else { return }
        // An entry keeps the controllers ticking while the trainer runs.
        runningTicks[pod.objectUID, default: 0] += 1
        switch training.advance(pod: pod) {
        case .queued, .running:
            return
        case .succeeded:
            modifyPod(pod) { Self.markSucceeded(&$0, at: Timestamp.format(store.now)) }
        case .failed(let reason, let exitCode):
            modifyPod(pod) { Self.markFailed(&$0, exitCode: exitCode, message: reason, at: Timestamp.format(store.now)) }
            events.record(
                about: pod, kind: "Pod", type: "Warning", reason: "Failed",
                message: "the trainer exited with code \(exitCode): \(reason)", component: "kubelet")
        }
        runningTicks[pod.objectUID] = nil
    }

    private func modifyPod(_ pod: JSONValue, _ change: (inout JSONValue) -> Void) {
        _ = try? store.modify("pods", namespace: pod.objectNamespace, name: pod.objectName, change)
    }

    /// The pod as after its container exited with `exitCode` (≠ 0).
    static func markFailed(_ pod: inout JSONValue, exitCode: Int, message: String, at now: String) {
        markSucceeded(&pod, at: now)
        pod["status"]?["phase"] = "Failed"
        let statuses = pod.at("status", "containerStatuses")?.arrayValue ?? []
        pod["status"]?["containerStatuses"] = .array(
            statuses.map { s in
                var s = s
                s["state"]?["terminated"]?["exitCode"] = .int(exitCode)
                s["state"]?["terminated"]?["reason"] = "Error"
                s["state"]?["terminated"]?["message"] = .string(message)
                return s
            })
    }
}
