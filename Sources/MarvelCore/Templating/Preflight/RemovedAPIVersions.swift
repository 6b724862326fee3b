/// API versions Kubernetes no longer serves (the deprecated-API migration
/// guide), with the release that removed each and what to write instead.
/// A manifest using one is refused by every current API server ("no matches
/// for kind Ingress in version networking.k8s.io/v1beta1"), so the pre-flight
/// says it, with the replacement, before anything is sent.
public enum RemovedAPIVersions {
    /// One removed group version of a kind and what replaces it.
    public struct Removal: Sendable, Hashable {
        public var apiVersion: String
        public var kind: String
        /// The Kubernetes release that stopped serving it.
        public var removedIn: String
        /// The apiVersion to use instead, nil when the kind itself is gone.
        public var replacement: String?
        /// What changes besides the apiVersion, or what to use when there is no replacement.
        public var note: String

        /// "networking.k8s.io/v1beta1 Ingress is no longer served (removed in Kubernetes 1.22) — use networking.k8s.io/v1: …".
        public var message: String {
            let head = "\(apiVersion) \(kind) is no longer served (removed in Kubernetes \(removedIn))"
            guard let replacement else { return "\(head) — \(note)" }
            return "\(head) — use apiVersion: \(replacement)" + (note.isEmpty ? "" : " (\(note))")
        }
    }

    /// The removal that applies to `apiVersion` and `kind`, nil when the pair is still served (or unknown).
    public static func removal(apiVersion: String, kind: String) -> Removal? {
        table.first { $0.apiVersion == apiVersion && ($0.kind == kind || $0.kind == "*") }
    }

    private static func r(_ apiVersion: String, _ kinds: [String], _ release: String, _ replacement: String?, _ note: String = "")
        -> [Removal]
    {
        kinds.map { Removal(apiVersion: apiVersion, kind: $0, removedIn: release, replacement: replacement, note: note) }
    }

    private static let ingressV1 =
        "the backend is written service: {name: NAME, port: {number: N}} instead of serviceName/servicePort, and every path needs pathType"
    private static let appsV1 = "spec.selector is required and must match the template's labels"

    static let table: [Removal] =
        r("extensions/v1beta1", ["Ingress"], "1.22", "networking.k8s.io/v1", ingressV1)
        + r("networking.k8s.io/v1beta1", ["Ingress"], "1.22", "networking.k8s.io/v1", ingressV1)
        + r("networking.k8s.io/v1beta1", ["IngressClass"], "1.22", "networking.k8s.io/v1")
        + r("extensions/v1beta1", ["Deployment", "DaemonSet", "ReplicaSet"], "1.16", "apps/v1", appsV1)
        + r("extensions/v1beta1", ["NetworkPolicy"], "1.16", "networking.k8s.io/v1")
        + r("extensions/v1beta1", ["PodSecurityPolicy"], "1.16", "policy/v1beta1", "which itself was removed in 1.25")
        + r("apps/v1beta1", ["Deployment", "StatefulSet", "ReplicaSet", "DaemonSet", "ControllerRevision"], "1.16", "apps/v1", appsV1)
        + r("apps/v1beta2", ["Deployment", "StatefulSet", "ReplicaSet", "DaemonSet", "ControllerRevision"], "1.16", "apps/v1", appsV1)
        + r("batch/v1beta1", ["CronJob"], "1.25", "batch/v1")
        + r("batch/v2alpha1", ["CronJob"], "1.21", "batch/v1")
        + r("policy/v1beta1", ["PodDisruptionBudget"], "1.25", "policy/v1", "an empty selector now selects every pod of the namespace")
        + r("policy/v1beta1", ["PodSecurityPolicy"], "1.25", nil, "PodSecurityPolicy is gone: label the namespace for Pod Security Admission instead")
        + r("autoscaling/v2beta1", ["HorizontalPodAutoscaler"], "1.25", "autoscaling/v2")
        + r("autoscaling/v2beta2", ["HorizontalPodAutoscaler"], "1.26", "autoscaling/v2")
        + r("rbac.authorization.k8s.io/v1beta1", ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"], "1.22", "rbac.authorization.k8s.io/v1")
        + r("rbac.authorization.k8s.io/v1alpha1", ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"], "1.22", "rbac.authorization.k8s.io/v1")
        + r("apiextensions.k8s.io/v1beta1", ["CustomResourceDefinition"], "1.22", "apiextensions.k8s.io/v1", "spec.versions[].schema is required")
        + r("admissionregistration.k8s.io/v1beta1", ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"], "1.22", "admissionregistration.k8s.io/v1")
        + r("apiregistration.k8s.io/v1beta1", ["APIService"], "1.22", "apiregistration.k8s.io/v1")
        + r("certificates.k8s.io/v1beta1", ["CertificateSigningRequest"], "1.22", "certificates.k8s.io/v1", "spec.signerName is required")
        + r("coordination.k8s.io/v1beta1", ["Lease"], "1.22", "coordination.k8s.io/v1")
        + r("scheduling.k8s.io/v1beta1", ["PriorityClass"], "1.22", "scheduling.k8s.io/v1")
        + r("scheduling.k8s.io/v1alpha1", ["PriorityClass"], "1.17", "scheduling.k8s.io/v1")
        + r("storage.k8s.io/v1beta1", ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"], "1.22", "storage.k8s.io/v1")
        + r("storage.k8s.io/v1beta1", ["CSIStorageCapacity"], "1.27", "storage.k8s.io/v1")
        + r("discovery.k8s.io/v1beta1", ["EndpointSlice"], "1.25", "discovery.k8s.io/v1")
        + r("events.k8s.io/v1beta1", ["Event"], "1.25", "events.k8s.io/v1")
        + r("node.k8s.io/v1beta1", ["RuntimeClass"], "1.25", "node.k8s.io/v1")
        + r("flowcontrol.apiserver.k8s.io/v1beta1", ["FlowSchema", "PriorityLevelConfiguration"], "1.26", "flowcontrol.apiserver.k8s.io/v1")
        + r("flowcontrol.apiserver.k8s.io/v1beta2", ["FlowSchema", "PriorityLevelConfiguration"], "1.29", "flowcontrol.apiserver.k8s.io/v1")
        + r("authentication.k8s.io/v1beta1", ["TokenReview"], "1.22", "authentication.k8s.io/v1")
        + r("authorization.k8s.io/v1beta1", ["SubjectAccessReview", "LocalSubjectAccessReview", "SelfSubjectAccessReview"], "1.22", "authorization.k8s.io/v1")
}
