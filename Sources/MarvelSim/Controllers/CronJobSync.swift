import Foundation
import MarvelCore

/// The CronJob controller: at each scheduled time (by the store's clock, in
/// `spec.timeZone` or UTC) a Job `NAME-<minutes since the epoch>` from the
/// job template, honouring `suspend`, `startingDeadlineSeconds` and
/// `concurrencyPolicy` (Allow, Forbid, Replace); finished Jobs leave
/// `status.active` and beyond the history limits (3 succeeded, 1 failed) are
/// deleted. A schedule it cannot read is reported as an event, once.
struct CronJobSync {
    var store: ClusterStore
    var events: EventRecorder

    /// Syncs every CronJob; returns the earliest time one of them is due next.
    func sync(_ cronJobs: [JSONValue]) -> Date? {
        let jobs = store.list(ResourceType.jobs.name).items
        var wake: Date?
        for cj in cronJobs {
            guard let next = sync(cj, jobs: jobs.filter { WorkloadSync.controllerUID($0) == cj.objectUID }) else { continue }
            wake = min(wake ?? next, next)
        }
        return wake
    }

    private func sync(_ cj: JSONValue, jobs: [JSONValue]) -> Date? {
        let now = store.now
        let zone = cj.at("spec", "timeZone")?.stringValue
        guard let timeZone = zone.map({ TimeZone(identifier: $0) }) ?? TimeZone(identifier: "UTC") else {
            warn(cj, reason: "UnknownTimeZone", "invalid timeZone: \"\(zone ?? "")\": unknown time zone \(zone ?? "")")
            return nil
        }
        let schedule: CronSchedule
        do {
            schedule = try CronSchedule(cj.at("spec", "schedule")?.stringValue ?? "", timeZone: timeZone)
        } catch {
            warn(cj, reason: "UnparseableSchedule", "unparseable schedule: \"\(cj.at("spec", "schedule")?.stringValue ?? "")\" : \(error)")
            return nil
        }
        var active = jobs.filter { !Self.finished($0) }
        var status = cj["status"]?.objectValue ?? JSONObject()
        for job in jobs where Self.finished(job) {
            guard (cj.at("status", "active")?.arrayValue ?? []).contains(where: { $0["uid"]?.stringValue == job.objectUID }) else { continue }
            let condition = Self.succeeded(job) ? "Complete" : "Failed"
            events.record(
                about: cj, kind: "CronJob", apiVersion: "batch/v1", reason: "SawCompletedJob",
                message: "Saw completed job: \(job.objectName), condition: \(condition)", component: "cronjob-controller")
            if Self.succeeded(job), let done = job.at("status", "completionTime") { status["lastSuccessfulTime"] = done }
        }
        let last = (cj.at("status", "lastScheduleTime") ?? cj.at("metadata", "creationTimestamp"))?.stringValue.flatMap(Timestamp.parse)
            ?? now
        let suspended = cj.at("spec", "suspend")?.boolValue ?? false
        var due: Date?
        var t = last
        var missed = 0
        while let n = schedule.next(after: t), n <= now {
            due = n
            t = n
            missed += 1
            if missed > 100 { break }
        }
        if let scheduled = due, !suspended {
            let deadline = cj.at("spec", "startingDeadlineSeconds")?.intValue
            if let deadline, scheduled < now.addingTimeInterval(-Double(deadline)) {
                warn(cj, reason: "MissSchedule", "Missed scheduled time to start a job: \(Timestamp.format(scheduled))")
                status["lastScheduleTime"] = .string(Timestamp.format(scheduled))
            } else if let job = start(cj, at: scheduled, active: &active) {
                active.append(job)
                status["lastScheduleTime"] = .string(Timestamp.format(scheduled))
            }
        }
        status["active"] = active.isEmpty ? nil : .array(active.map(Self.reference))
        prune(jobs.filter(Self.finished), cj: cj)
        StatusWriter(store: store).write(.cronJobs, cj, status: .object(status))
        return suspended ? nil : schedule.next(after: max(now, t))
    }

    /// Starts the Job for `scheduled` as the concurrency policy allows; nil when it does not.
    private func start(_ cj: JSONValue, at scheduled: Date, active: inout [JSONValue]) -> JSONValue? {
        let name = "\(cj.objectName)-\(Int(scheduled.timeIntervalSince1970) / 60)"
        if store.get(ResourceType.jobs.name, namespace: cj.objectNamespace, name: name) != nil { return nil }
        switch cj.at("spec", "concurrencyPolicy")?.stringValue ?? "Allow" {
        case "Forbid" where !active.isEmpty:
            events.record(
                about: cj, kind: "CronJob", apiVersion: "batch/v1", reason: "JobAlreadyActive",
                message: "Not starting job because prior execution is running and concurrency policy is Forbid",
                component: "cronjob-controller", once: true)
            return nil
        case "Replace":
            for job in active {
                _ = try? store.delete(ResourceType.jobs.name, namespace: job.objectNamespace, name: job.objectName)
                OwnerCascade(store: store).deleteDependents(ofUID: job.objectUID, namespace: job.objectNamespace)
                events.record(
                    about: cj, kind: "CronJob", apiVersion: "batch/v1", reason: "SuccessfulDelete",
                    message: "Deleted job \(job.objectName)", component: "cronjob-controller")
            }
            active = []
        default:
            break
        }
        let template = cj.at("spec", "jobTemplate") ?? [:]
        var metadata = template["metadata"]?.objectValue ?? JSONObject()
        metadata["name"] = .string(name)
        metadata["namespace"] = .string(cj.objectNamespace)
        var annotations = metadata["annotations"]?.objectValue ?? JSONObject()
        annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"] = .string(Timestamp.format(scheduled))
        metadata["annotations"] = .object(annotations)
        metadata["ownerReferences"] = [WorkloadSync.ownerReference(cj, type: .cronJobs)]
        let job: JSONValue = [
            "apiVersion": "batch/v1", "kind": "Job", "metadata": .object(metadata), "spec": template["spec"] ?? [:],
        ]
        guard let created = try? store.create(ResourceType.jobs.name, ObjectDefaults.prepareNew(job, type: .jobs)) else {
            return nil
        }
        events.record(
            about: cj, kind: "CronJob", apiVersion: "batch/v1", reason: "SuccessfulCreate", message: "Created job \(name)",
            component: "cronjob-controller")
        return created
    }

    /// Deletes the oldest finished Jobs beyond `successfulJobsHistoryLimit` (3) and `failedJobsHistoryLimit` (1).
    private func prune(_ finished: [JSONValue], cj: JSONValue) {
        let byAge = finished.sorted {
            ($0.at("status", "startTime")?.stringValue ?? "", $0.objectName) < ($1.at("status", "startTime")?.stringValue ?? "", $1.objectName)
        }
        for (succeeded, key, limit) in [(true, "successfulJobsHistoryLimit", 3), (false, "failedJobsHistoryLimit", 1)] {
            let keep = max(0, cj.at("spec", key)?.intValue ?? limit)
            let group = byAge.filter { Self.succeeded($0) == succeeded }
            for job in group.prefix(max(0, group.count - keep)) {
                _ = try? store.delete(ResourceType.jobs.name, namespace: job.objectNamespace, name: job.objectName)
                OwnerCascade(store: store).deleteDependents(ofUID: job.objectUID, namespace: job.objectNamespace)
            }
        }
    }

    private func warn(_ cj: JSONValue, reason: String, _ message: String) {
        events.record(
            about: cj, kind: "CronJob", apiVersion: "batch/v1", type: "Warning", reason: reason, message: message,
            component: "cronjob-controller", once: true)
    }

    static func finished(_ job: JSONValue) -> Bool {
        (job.at("status", "conditions")?.arrayValue ?? []).contains {
            ["Complete", "Failed"].contains($0["type"]?.stringValue ?? "") && $0["status"]?.stringValue == "True"
        }
    }

    static func succeeded(_ job: JSONValue) -> Bool {
        (job.at("status", "conditions")?.arrayValue ?? []).contains {
            $0["type"]?.stringValue == "Complete" && $0["status"]?.stringValue == "True"
        }
    }

    static func reference(_ job: JSONValue) -> JSONValue {
        [
            "kind": "Job", "namespace": .string(job.objectNamespace), "name": .string(job.objectName),
            "uid": .string(job.objectUID), "apiVersion": "batch/v1",
            "resourceVersion": job.at("metadata", "resourceVersion") ?? "",
        ]
    }
}
