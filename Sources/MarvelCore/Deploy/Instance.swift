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
    /// The manifests of the current revision.
    public var manifests: [JSONValue]

    public init(
        name: String, namespace: String, templateID: String, revision: Int, values: [String: String], managedBy: InstanceManager,
        createdAt: Date? = nil, placement: JSONValue = .null, revisions: [Int] = [], manifests: [JSONValue] = []
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
    }

    /// "Kind/name" of each current object.
    public var objectNames: [String] { manifests.map(DeployObject.label) }
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

    public init(
        name: String, namespace: String, revision: Int, dryRun: Bool, applied: [String], pruned: [String], objects: [JSONValue],
        placement: JSONValue = .null
    ) {
        self.name = name
        self.namespace = namespace
        self.revision = revision
        self.dryRun = dryRun
        self.applied = applied
        self.pruned = pruned
        self.objects = objects
        self.placement = placement
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
