import Foundation

/// Who deployed an instance: marvdash (full control) or MARVdash/Karvdash (read-only).
public enum InstanceManager: String, Sendable, Hashable {
    case marvdash, karvdash
}

/// One deployed instance, as its record (or a Karvdash Service) describes it.
public struct Instance: Sendable, Hashable {
    public var name: String
    public var namespace: String
    public var templateID: String
    public var revision: Int
    public var values: [String: String]
    public var managedBy: InstanceManager
    public var createdAt: Date?
    /// The placement decision (null until issue 5).
    public var placement: JSONValue
    /// The kept revisions, oldest first.
    public var revisions: [Int]
    /// The manifests of the latest revision (for an orphan: the objects found by its label).
    public var manifests: [JSONValue]
    /// Where the latest action stands (deployed, pending-…, failed, orphaned).
    public var state: InstanceState
    /// When the state was written (nil when not recorded).
    public var stateSince: Date?
    /// The variables whose values are secrets: never shown unless asked for.
    public var secretNames: Set<String>
    /// Objects of an earlier revision that an unfinished or failed action may have left (not in `manifests`).
    public var priorManifests: [JSONValue]
    /// The latest deployed revision (nil while nothing is deployed).
    public var deployedRevision: Int?
    /// The revision a rollback restores by default (nil: none kept).
    public var rollbackTarget: Int?

    public init(
        name: String, namespace: String, templateID: String, revision: Int, values: [String: String], managedBy: InstanceManager,
        createdAt: Date? = nil, placement: JSONValue = .null, revisions: [Int] = [], manifests: [JSONValue] = [],
        state: InstanceState = .deployed, stateSince: Date? = nil, secretNames: Set<String>? = nil, priorManifests: [JSONValue] = [],
        deployedRevision: Int? = nil, rollbackTarget: Int? = nil
    ) {
        self.name = name
        self.namespace = namespace
        self.templateID = templateID
        self.revision = revision
        self.values = values
        self.managedBy = managedBy
        self.createdAt = createdAt
        self.placement = placement
        self.revisions = revisions
        self.manifests = manifests
        self.state = state
        self.stateSince = stateSince
        self.secretNames = secretNames ?? Set(values.keys.filter(SecretNames.looksSecret))
        self.priorManifests = priorManifests
        self.deployedRevision = deployedRevision
        self.rollbackTarget = rollbackTarget ?? revisions.last { $0 < revision }
    }

    /// "Kind/name" of each object of the latest revision, then of the earlier ones that may still exist.
    public var objectNames: [String] { (manifests + priorManifests).map(DeployObject.label) }

    /// The values with the secret ones replaced by `***`.
    public var maskedValues: [String: String] { SecretMask.values(values, secretNames: secretNames) }

    /// The mask hiding this instance's secret values wherever they appear.
    public var secretMask: SecretMask { SecretMask(values: values, secretNames: secretNames) }

    /// The manifests of the latest revision with the secrets masked.
    public var maskedManifests: [JSONValue] { secretMask.objects(manifests) }

    /// The claims the instance's pods mount, with where ("nb-private → /private"; StatefulSet claim templates as "data-kafka-N (1Gi each)").
    public var volumes: [String] { InstanceVolumes.claimSummary(manifests) }

    /// The Secret the basic auth on the instance's Ingresses uses, nil when they have none.
    public var authSecret: String? { IngressBasicAuth.referencedSecret(manifests, instance: name) }
}

/// What a deploy, upgrade or rollback did.
public struct DeployResult: Sendable {
    public var name: String
    public var namespace: String
    public var revision: Int
    public var dryRun: Bool
    /// "Kind/name" of each object applied (or that would be, for a dry run).
    public var applied: [String]
    /// "Kind/name" of each object pruned (upgrade/rollback).
    public var pruned: [String]
    /// The objects as the server answered them (the dry-run result for --dry-run).
    public var objects: [JSONValue]
    /// The placement decision recorded (null when placement was left to the cluster).
    public var placement: JSONValue
    /// Things to tell the user that did not stop the action (a secret left at its placeholder).
    public var warnings: [String]
    /// Hides the instance's secret values in `objects` and anything else shown about it.
    public var secretMask: SecretMask
    /// The basic-auth user and password when this action made a new password (show it once; it is stored nowhere).
    public var credentials: BasicAuthCredentials?

    public init(
        name: String, namespace: String, revision: Int, dryRun: Bool, applied: [String], pruned: [String], objects: [JSONValue],
        placement: JSONValue = .null, warnings: [String] = [], secretMask: SecretMask = .structural
    ) {
        self.name = name
        self.namespace = namespace
        self.revision = revision
        self.dryRun = dryRun
        self.applied = applied
        self.pruned = pruned
        self.objects = objects
        self.placement = placement
        self.warnings = warnings
        self.secretMask = secretMask
    }
}

/// Helpers on a Kubernetes object as JSON.
enum DeployObject {
    static func kind(_ o: JSONValue) -> String { o["kind"]?.stringValue ?? "" }
    static func name(_ o: JSONValue) -> String { o.at("metadata", "name")?.stringValue ?? "" }
    static func label(_ o: JSONValue) -> String { "\(kind(o))/\(name(o))" }
    static func labels(_ o: JSONValue) -> [String: String] {
        var out: [String: String] = [:]
        for m in o.at("metadata", "labels")?.objectValue ?? JSONObject() { out[m.key] = m.value.stringValue ?? "" }
        return out
    }
    /// The API's Status message when there is one, else the whole error line.
    static func message(_ error: KubeError) -> String {
        if case .status(let code, _, let message, _, _, _, _) = error, !message.isEmpty { return "\(message) (HTTP \(code))" }
        return error.description
    }
}
