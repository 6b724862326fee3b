/// Workloads (`apps/v1`, `batch/v1`), their autoscalers and disruption budgets.
extension ResourceType {
    public static let deployments = ResourceType(
        name: "deployments", singularName: "deployment", kind: "Deployment", namespaced: true, group: "apps",
        shortNames: ["deploy"], verbs: writable, subresources: [.scale], categories: allCategory)
    /// Made by the deployment controller, one per pod template; they own the pods.
    public static let replicaSets = ResourceType(
        name: "replicasets", singularName: "replicaset", kind: "ReplicaSet", namespaced: true, group: "apps",
        shortNames: ["rs"], verbs: writable, subresources: [.scale], categories: allCategory)
    public static let statefulSets = ResourceType(
        name: "statefulsets", singularName: "statefulset", kind: "StatefulSet", namespaced: true, group: "apps",
        shortNames: ["sts"], verbs: writable, subresources: [.scale], categories: allCategory)
    public static let daemonSets = ResourceType(
        name: "daemonsets", singularName: "daemonset", kind: "DaemonSet", namespaced: true, group: "apps",
        shortNames: ["ds"], verbs: writable, categories: allCategory)
    /// The template history of DaemonSets and StatefulSets (`kubectl rollout history ds/x`).
    public static let controllerRevisions = ResourceType(
        name: "controllerrevisions", singularName: "controllerrevision", kind: "ControllerRevision", namespaced: true,
        group: "apps", verbs: writable)
    public static let jobs = ResourceType(
        name: "jobs", singularName: "job", kind: "Job", namespaced: true, group: "batch", verbs: writable,
        categories: allCategory)
    public static let cronJobs = ResourceType(
        name: "cronjobs", singularName: "cronjob", kind: "CronJob", namespaced: true, group: "batch",
        shortNames: ["cj"], verbs: writable, categories: allCategory)
    /// Stored and listed; nothing scales by them (the embedded cluster has no metrics pipeline for them).
    public static let horizontalPodAutoscalers = ResourceType(
        name: "horizontalpodautoscalers", singularName: "horizontalpodautoscaler", kind: "HorizontalPodAutoscaler",
        namespaced: true, group: "autoscaling", version: "v2", shortNames: ["hpa"], verbs: writable,
        categories: allCategory)
    /// The same autoscalers in autoscaling/v1 (what `kubectl autoscale` creates), converted to and from v2.
    public static let horizontalPodAutoscalersV1 = ResourceType(
        name: "horizontalpodautoscalers", singularName: "horizontalpodautoscaler", kind: "HorizontalPodAutoscaler",
        namespaced: true, group: "autoscaling", version: "v1", shortNames: ["hpa"],
        verbs: ["create", "delete", "get", "list", "watch"], categories: allCategory, storageVersion: "v2")
    /// Respected by the eviction subresource (`kubectl drain`).
    public static let podDisruptionBudgets = ResourceType(
        name: "poddisruptionbudgets", singularName: "poddisruptionbudget", kind: "PodDisruptionBudget",
        namespaced: true, group: "policy", shortNames: ["pdb"], verbs: writable)
}
