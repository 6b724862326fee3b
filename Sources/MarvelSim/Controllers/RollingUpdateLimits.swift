import MarvelCore

/// How far a Deployment's rolling update may go above and below its replica
/// count: `maxSurge` (default 25%, rounded up) and `maxUnavailable` (default
/// 25%, rounded down; 1 when both come to 0). Recreate allows neither.
struct RollingUpdateLimits: Sendable, Equatable {
    var maxSurge: Int
    var maxUnavailable: Int

    init(maxSurge: Int, maxUnavailable: Int) {
        self.maxSurge = maxSurge
        self.maxUnavailable = maxUnavailable
    }

    init(deployment d: JSONValue, replicas: Int) {
        guard d.at("spec", "strategy", "type")?.stringValue != "Recreate" else {
            self.init(maxSurge: 0, maxUnavailable: 0)
            return
        }
        let rolling = d.at("spec", "strategy", "rollingUpdate")
        let surge = (IntOrPercent(rolling?["maxSurge"]) ?? IntOrPercent(.percent(25))).scaled(replicas, roundUp: true)
        var unavailable = (IntOrPercent(rolling?["maxUnavailable"]) ?? IntOrPercent(.percent(25)))
            .scaled(replicas, roundUp: false)
        if surge == 0 && unavailable == 0 { unavailable = 1 }
        self.init(maxSurge: max(0, surge), maxUnavailable: min(max(0, unavailable), replicas))
    }
}

/// One ReplicaSet as the deployment controller weighs it: its revision, the
/// replicas it should run (changed as the controller scales it) and what its
/// own controller last reported.
struct ReplicaSetState {
    var object: JSONValue
    var replicas: Int
    let running: Int
    let ready: Int
    let available: Int

    init(_ rs: JSONValue) {
        object = rs
        replicas = rs.at("spec", "replicas")?.intValue ?? 1
        running = rs.at("status", "replicas")?.intValue ?? 0
        ready = rs.at("status", "readyReplicas")?.intValue ?? 0
        available = rs.at("status", "availableReplicas")?.intValue ?? 0
    }

    var name: String { object.objectName }
    /// The `deployment.kubernetes.io/revision` annotation, 0 when absent.
    var revision: Int { Int(object.at("metadata", "annotations", DeploymentAnnotations.revision)?.stringValue ?? "") ?? 0 }
    var template: JSONValue { object.at("spec", "template") ?? [:] }
}

/// The annotations the deployment controller keeps on Deployments and their ReplicaSets.
enum DeploymentAnnotations {
    static let revision = "deployment.kubernetes.io/revision"
    static let revisionHistory = "deployment.kubernetes.io/revision-history"
    static let desiredReplicas = "deployment.kubernetes.io/desired-replicas"
    static let maxReplicas = "deployment.kubernetes.io/max-replicas"
    /// A Deployment's annotations that are not copied to its ReplicaSets.
    static let notCopied: Set<String> = [
        "kubectl.kubernetes.io/last-applied-configuration", revision, revisionHistory, desiredReplicas, maxReplicas,
        "deprecated.deployment.rollback.to",
    ]
}
