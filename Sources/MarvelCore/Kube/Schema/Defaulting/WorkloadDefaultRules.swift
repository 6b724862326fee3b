
/// The apps, batch, autoscaling, rbac and storage defaults of Kubernetes 1.30.
extension DefaultRules {
    static let workloads: [String: @Sendable (inout JSONObject) -> Void] = [
        "io.k8s.api.apps.v1.DeploymentSpec": deploymentSpec,
        "io.k8s.api.apps.v1.ReplicaSetSpec": { setIfAbsent(&$0, "replicas", 1) },
        "io.k8s.api.apps.v1.StatefulSetSpec": statefulSetSpec,
        "io.k8s.api.apps.v1.DaemonSetSpec": daemonSetSpec,
        "io.k8s.api.batch.v1.Job": job,
        "io.k8s.api.batch.v1.JobSpec": jobSpec,
        "io.k8s.api.batch.v1.CronJobSpec": { s in
            setIfAbsent(&s, "concurrencyPolicy", "Allow")
            setIfAbsent(&s, "suspend", false)
            setIfAbsent(&s, "successfulJobsHistoryLimit", 3)
            setIfAbsent(&s, "failedJobsHistoryLimit", 1)
        },
        "io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerSpec": { s in
            setIfAbsent(&s, "minReplicas", 1)
        },
        "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec": hpaV2Spec,
        "io.k8s.api.rbac.v1.Subject": { s in
            let kind = s["kind"]?.stringValue ?? ""
            if kind == "User" || kind == "Group" { setIfAbsent(&s, "apiGroup", "rbac.authorization.k8s.io") }
        },
        "io.k8s.api.storage.v1.StorageClass": { c in
            setIfAbsent(&c, "reclaimPolicy", "Delete")
            setIfAbsent(&c, "volumeBindingMode", "Immediate")
        },
    ]

    /// SetDefaults_Deployment: one replica, RollingUpdate 25%/25%, 10 revisions, 600 s deadline.
    static func deploymentSpec(_ s: inout JSONObject) {
        setIfAbsent(&s, "replicas", 1)
        var strategy = s["strategy"]?.objectValue ?? JSONObject()
        setIfAbsent(&strategy, "type", "RollingUpdate")
        if strategy["type"] == "RollingUpdate" {
            var rolling = strategy["rollingUpdate"]?.objectValue ?? JSONObject()
            setIfAbsent(&rolling, "maxUnavailable", "25%")
            setIfAbsent(&rolling, "maxSurge", "25%")
            strategy["rollingUpdate"] = .object(rolling)
        }
        s["strategy"] = .object(strategy)
        setIfAbsent(&s, "revisionHistoryLimit", 10)
        setIfAbsent(&s, "progressDeadlineSeconds", 600)
    }

    /// SetDefaults_StatefulSet: OrderedReady, RollingUpdate with partition 0, Retain claims, one replica.
    static func statefulSetSpec(_ s: inout JSONObject) {
        setIfAbsent(&s, "podManagementPolicy", "OrderedReady")
        var strategy = s["updateStrategy"]?.objectValue ?? JSONObject()
        if (strategy["type"]?.stringValue ?? "").isEmpty {
            strategy["type"] = "RollingUpdate"
            if strategy["rollingUpdate"] == nil { strategy["rollingUpdate"] = [:] }
        }
        if strategy["type"] == "RollingUpdate", var rolling = strategy["rollingUpdate"]?.objectValue {
            setIfAbsent(&rolling, "partition", 0)
            strategy["rollingUpdate"] = .object(rolling)
        }
        s["updateStrategy"] = .object(strategy)
        var retention = s["persistentVolumeClaimRetentionPolicy"]?.objectValue ?? JSONObject()
        setIfAbsent(&retention, "whenDeleted", "Retain")
        setIfAbsent(&retention, "whenScaled", "Retain")
        s["persistentVolumeClaimRetentionPolicy"] = .object(retention)
        setIfAbsent(&s, "replicas", 1)
        setIfAbsent(&s, "revisionHistoryLimit", 10)
    }

    /// SetDefaults_DaemonSet: RollingUpdate with maxUnavailable 1 and maxSurge 0, 10 revisions.
    static func daemonSetSpec(_ s: inout JSONObject) {
        var strategy = s["updateStrategy"]?.objectValue ?? JSONObject()
        setIfAbsent(&strategy, "type", "RollingUpdate")
        if strategy["type"] == "RollingUpdate" {
            var rolling = strategy["rollingUpdate"]?.objectValue ?? JSONObject()
            setIfAbsent(&rolling, "maxUnavailable", 1)
            setIfAbsent(&rolling, "maxSurge", 0)
            strategy["rollingUpdate"] = .object(rolling)
        }
        s["updateStrategy"] = .object(strategy)
        setIfAbsent(&s, "revisionHistoryLimit", 10)
    }

    /// SetDefaults_Job: the job takes its template's labels when it has none.
    static func job(_ j: inout JSONObject) {
        guard let templateLabels = j["spec"]?.at("template", "metadata", "labels")?.objectValue, !templateLabels.isEmpty
        else { return }
        var metadata = j["metadata"]?.objectValue ?? JSONObject()
        if metadata["labels"]?.objectValue?.isEmpty ?? true {
            metadata["labels"] = .object(templateLabels)
            j["metadata"] = .object(metadata)
        }
    }

    /// SetDefaults_Job (spec): one completion and one pod, 6 retries, NonIndexed, not suspended.
    static func jobSpec(_ s: inout JSONObject) {
        if s["completions"] == nil && s["parallelism"] == nil {
            s["completions"] = 1
            s["parallelism"] = 1
        }
        setIfAbsent(&s, "parallelism", 1)
        setIfAbsent(&s, "backoffLimit", s["backoffLimitPerIndex"] != nil ? .int(Int(Int32.max)) : 6)
        setIfAbsent(&s, "completionMode", "NonIndexed")
        setIfAbsent(&s, "suspend", false)
        setIfAbsent(&s, "podReplacementPolicy", s["podFailurePolicy"] != nil ? "Failed" : "TerminatingOrFailed")
    }

    /// SetDefaults_HorizontalPodAutoscaler (v2): one replica minimum, 80% CPU, the default behavior.
    static func hpaV2Spec(_ s: inout JSONObject) {
        setIfAbsent(&s, "minReplicas", 1)
        if s["metrics"]?.arrayValue?.isEmpty ?? true {
            s["metrics"] = [
                [
                    "type": "Resource",
                    "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": 80]],
                ]
            ]
        }
        var behavior = s["behavior"]?.objectValue ?? JSONObject()
        var up = behavior["scaleUp"]?.objectValue ?? JSONObject()
        setIfAbsent(&up, "stabilizationWindowSeconds", 0)
        setIfAbsent(&up, "selectPolicy", "Max")
        if up["policies"] == nil {
            up["policies"] = [
                ["type": "Pods", "value": 4, "periodSeconds": 15], ["type": "Percent", "value": 100, "periodSeconds": 15],
            ]
        }
        var down = behavior["scaleDown"]?.objectValue ?? JSONObject()
        setIfAbsent(&down, "stabilizationWindowSeconds", 300)
        setIfAbsent(&down, "selectPolicy", "Max")
        if down["policies"] == nil { down["policies"] = [["type": "Percent", "value": 100, "periodSeconds": 15]] }
        behavior["scaleUp"] = .object(up)
        behavior["scaleDown"] = .object(down)
        s["behavior"] = .object(behavior)
    }
}
