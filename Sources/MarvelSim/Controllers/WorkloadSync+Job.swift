import MarvelCore

/// The Job controller: runs pods until `completions` succeed (at most
/// `parallelism` at once), then marks the Job Complete.
extension WorkloadSync {
    func job(_ job: JSONValue) {
        let isDone = (job.at("status", "conditions")?.arrayValue ?? []).contains {
            ["Complete", "Failed"].contains($0["type"]?.stringValue ?? "") && $0["status"]?.stringValue == "True"
        }
        if isDone { return }
        let factory = PodFactory(owner: job, ownerType: .jobs)
        let completions = max(1, job.at("spec", "completions")?.intValue ?? 1)
        let parallelism = max(0, job.at("spec", "parallelism")?.intValue ?? 1)
        let owned = OwnedPods(owner: job.objectUID, in: allPods)
        let succeeded = owned.pods.filter { OwnedPods.phase($0) == "Succeeded" }.count
        let failed = owned.pods.filter { OwnedPods.phase($0) == "Failed" }.count
        var active = owned.active.count
        if failed > (job.at("spec", "backoffLimit")?.intValue ?? 6) {
            jobFailed(job, owned: owned, succeeded: succeeded, failed: failed)
            return
        }
        let wanted = min(parallelism, completions - succeeded) - active
        if wanted > 0 {
            var taken = owned.names
            var i = owned.pods.count
            let labels = [
                "batch.kubernetes.io/controller-uid": job.objectUID, "batch.kubernetes.io/job-name": job.objectName,
                "controller-uid": job.objectUID, "job-name": job.objectName,
            ]
            for _ in 0..<wanted {
                var name = "\(job.objectName)-\(NameSuffix.stable(job.objectUID + "#\(i)"))"
                while taken.contains(name) {
                    i += 1
                    name = "\(job.objectName)-\(NameSuffix.stable(job.objectUID + "#\(i)"))"
                }
                taken.insert(name)
                create(factory.pod(name: name, extraLabels: labels), owner: job, kind: "Job", apiVersion: "batch/v1")
                active += 1
            }
        }
        let now = Timestamp.format(store.now)
        var s: JSONObject = [
            "startTime": job.at("status", "startTime") ?? .string(now),
            "active": .int(succeeded >= completions ? 0 : active), "succeeded": .int(succeeded),
            "ready": .int(owned.active.filter(OwnedPods.isReady).count),
        ]
        if failed > 0 { s["failed"] = .int(failed) }
        s["uncountedTerminatedPods"] = [:]
        if succeeded >= completions {
            s["completionTime"] = .string(now)
            s["conditions"] = [
                ["type": "SuccessCriteriaMet", "status": "True", "reason": "CompletionsReached",
                 "message": "Reached expected number of succeeded pods"],
                ["type": "Complete", "status": "True", "reason": "CompletionsReached",
                 "message": "Reached expected number of succeeded pods"],
            ]
            events.record(
                about: job, kind: "Job", apiVersion: "batch/v1", reason: "Completed", message: "Job completed",
                component: "job-controller")
        }
        status.write(.jobs, job, status: .object(s))
    }
}
