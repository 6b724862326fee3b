import MarvelCore
import MarvelNet

/// The access reviews kubectl asks: `auth can-i` (SelfSubjectAccessReview,
/// `--list`: SelfSubjectRulesReview) and `auth whoami` (SelfSubjectReview).
/// The embedded cluster authenticates nobody and authorizes everything: every
/// client is the cluster's admin (`kubernetes-admin` in `system:masters`,
/// bound to `cluster-admin`), or the user it impersonates.
struct AccessReviews {
    static let adminUser = "kubernetes-admin"
    static let adminGroups = ["system:masters", "system:authenticated"]
    static let allowedReason =
        "RBAC: allowed by ClusterRoleBinding \"cluster-admin\" of ClusterRole \"cluster-admin\" to Group \"system:masters\""

    var type: ResourceType

    /// Answers a POST of the review.
    func answer(_ request: ServerRequest) throws(APIStatus) -> ServerResponse {
        let body = try ServerSideApply.parseBody(request.body)
        guard case .object = body else {
            throw APIStatus.badRequest("the request body must be one \(type.kind) object (a JSON or YAML mapping)")
        }
        var review: JSONObject = [
            "kind": .string(type.kind), "apiVersion": .string(type.apiVersion),
            "metadata": ["creationTimestamp": nil],
        ]
        if let spec = body["spec"] { review["spec"] = spec }
        switch type.name {
        case ResourceType.selfSubjectAccessReviews.name:
            review["status"] = ["allowed": true, "reason": .string(Self.allowedReason)]
        case ResourceType.selfSubjectRulesReviews.name:
            review["status"] = [
                "resourceRules": [["verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]]],
                "nonResourceRules": [["verbs": ["*"], "nonResourceURLs": ["*"]]],
                "incomplete": false,
            ]
        default:
            review["status"] = ["userInfo": Self.userInfo(request)]
        }
        return .json(.object(review), status: 201)
    }

    /// Who the request acts as: the impersonated user (`kubectl --as`), else the admin.
    static func userInfo(_ request: ServerRequest) -> JSONValue {
        if let user = request.headers["impersonate-user"], !user.isEmpty {
            var groups = (request.headers["impersonate-group"] ?? "").split(separator: ",").map {
                JSONValue.string(String($0).trimmingCharacters(in: .whitespaces))
            }
            groups.append("system:authenticated")
            return ["username": .string(user), "groups": .array(groups)]
        }
        return ["username": .string(adminUser), "groups": .array(adminGroups.map { .string($0) })]
    }
}
