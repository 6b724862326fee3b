/// The core group (`/api/v1`): nodes, namespaces, pods and what lives beside them.
extension ResourceType {
    /// Nodes belong to the simulator (no create or delete), but operators label,
    /// taint, cordon and uncordon them (`kubectl cordon`, the console's node actions).
    public static let nodes = ResourceType(
        name: "nodes", singularName: "node", kind: "Node", namespaced: false, shortNames: ["no"],
        verbs: ["get", "list", "patch", "watch"])
    public static let namespaces = ResourceType(
        name: "namespaces", singularName: "namespace", kind: "Namespace", namespaced: false, shortNames: ["ns"],
        verbs: writable)
    /// Pods; the embedded cluster runs no containers, so exec, attach and
    /// port-forward are listed (kubectl checks) and answered with a clear refusal.
    public static let pods = ResourceType(
        name: "pods", singularName: "pod", kind: "Pod", namespaced: true, shortNames: ["po"], verbs: writable,
        subresources: [
            Subresource("attach", verbs: ["create", "get"], kind: "PodAttachOptions"),
            Subresource("eviction", verbs: ["create"], kind: "Eviction", group: "policy", version: "v1"),
            Subresource("exec", verbs: ["create", "get"], kind: "PodExecOptions"),
            Subresource("log", verbs: ["get"]),
            Subresource("portforward", verbs: ["create", "get"], kind: "PodPortForwardOptions"),
        ],
        categories: allCategory)
    public static let services = ResourceType(
        name: "services", singularName: "service", kind: "Service", namespaced: true, shortNames: ["svc"],
        verbs: writable, categories: allCategory)
    /// Kept by the endpoints controller from Services and their ready pods.
    public static let endpoints = ResourceType(
        name: "endpoints", singularName: "endpoints", kind: "Endpoints", namespaced: true, shortNames: ["ep"],
        verbs: writable)
    public static let configMaps = ResourceType(
        name: "configmaps", singularName: "configmap", kind: "ConfigMap", namespaced: true, shortNames: ["cm"],
        verbs: writable)
    public static let secrets = ResourceType(
        name: "secrets", singularName: "secret", kind: "Secret", namespaced: true, verbs: writable)
    public static let events = ResourceType(
        name: "events", singularName: "event", kind: "Event", namespaced: true, shortNames: ["ev"], verbs: writable)
    /// A `default` one in every namespace, made by the service-account controller.
    public static let serviceAccounts = ResourceType(
        name: "serviceaccounts", singularName: "serviceaccount", kind: "ServiceAccount", namespaced: true,
        shortNames: ["sa"], verbs: writable)
    public static let persistentVolumeClaims = ResourceType(
        name: "persistentvolumeclaims", singularName: "persistentvolumeclaim", kind: "PersistentVolumeClaim",
        namespaced: true, shortNames: ["pvc"], verbs: writable)
    public static let persistentVolumes = ResourceType(
        name: "persistentvolumes", singularName: "persistentvolume", kind: "PersistentVolume", namespaced: false,
        shortNames: ["pv"], verbs: writable)
}
