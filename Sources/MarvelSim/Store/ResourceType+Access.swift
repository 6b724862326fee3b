/// RBAC objects (stored; authorization stays allow-all) and the access reviews
/// kubectl asks (`auth can-i`, `auth whoami`), answered and never stored.
extension ResourceType {
    public static let roles = ResourceType(
        name: "roles", singularName: "role", kind: "Role", namespaced: true, group: "rbac.authorization.k8s.io",
        verbs: writable)
    public static let roleBindings = ResourceType(
        name: "rolebindings", singularName: "rolebinding", kind: "RoleBinding", namespaced: true,
        group: "rbac.authorization.k8s.io", verbs: writable)
    public static let clusterRoles = ResourceType(
        name: "clusterroles", singularName: "clusterrole", kind: "ClusterRole", namespaced: false,
        group: "rbac.authorization.k8s.io", verbs: writable)
    public static let clusterRoleBindings = ResourceType(
        name: "clusterrolebindings", singularName: "clusterrolebinding", kind: "ClusterRoleBinding", namespaced: false,
        group: "rbac.authorization.k8s.io", verbs: writable)
    public static let selfSubjectAccessReviews = ResourceType(
        name: "selfsubjectaccessreviews", singularName: "selfsubjectaccessreview", kind: "SelfSubjectAccessReview",
        namespaced: false, group: "authorization.k8s.io", verbs: ["create"], persisted: false)
    public static let selfSubjectRulesReviews = ResourceType(
        name: "selfsubjectrulesreviews", singularName: "selfsubjectrulesreview", kind: "SelfSubjectRulesReview",
        namespaced: false, group: "authorization.k8s.io", verbs: ["create"], persisted: false)
    public static let selfSubjectReviews = ResourceType(
        name: "selfsubjectreviews", singularName: "selfsubjectreview", kind: "SelfSubjectReview", namespaced: false,
        group: "authentication.k8s.io", verbs: ["create"], persisted: false)
}
