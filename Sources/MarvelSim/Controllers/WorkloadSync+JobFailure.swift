import MarvelCore

/// A Job whose pods failed more often than `spec.backoffLimit` (default 6) allows:
/// marked Failed, and no pod replaces the failed ones.
extension WorkloadSync {
    func jobFailed(_ job: JSONValue, owned: OwnedPods, succeeded: Int, failed: Int) {
        let now = Timestamp.format(store.now)
        let message = "Job has reached the specified backoff limit"
        let s: JSONObject = [
            "startTime": job.at("status", "startTime") ?? .string(now),
            "active": .int(owned.active.count), "succeeded": .int(succeeded), "failed": .int(failed),
            "ready": .int(owned.active.filter(OwnedPods.isReady).count), "uncountedTerminatedPods": [:],
            "conditions": [
                ["type": "FailureTarget", "status": "True", "reason": "BackoffLimitExceeded", "message": .string(message)],
                ["type": "Failed", "status": "True", "reason": "BackoffLimitExceeded", "message": .string(message)],
            ],
        ]
        events.record(
            about: job, kind: "Job", apiVersion: "batch/v1", type: "Warning", reason: "BackoffLimitExceeded",
            message: message, component: "job-controller")
        StatusWriter(store: store).write(.jobs, job, status: .object(s))
    }
}
