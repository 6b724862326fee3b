import Foundation

/// The instance record: what delete, upgrade and rollback need without local
/// files — the template id and source, the names of its secret variables and,
/// per kept revision, its values, rendered manifests, placement decision and
/// state. Stored as a Secret `marvdash-NAME` (see `InstanceRecord+Secret`);
/// records of older versions, ConfigMaps, are read and rewritten as a Secret
/// at the next change.
public struct InstanceRecord: Sendable {
    /// How many revisions a record keeps.
    public static let keptRevisions = 10

    /// One kept revision.
    public struct Revision: Sendable {
        public var values: [String: String]
        public var manifests: [JSONValue]
        /// The placement decision the manifests were pinned by (null: left to the cluster).
        public var placement: JSONValue
        public var state: InstanceState
        /// When the state was last written (nil in records of older versions).
        public var updatedAt: Date?

        public init(
            values: [String: String], manifests: [JSONValue], placement: JSONValue = .null, state: InstanceState = .deployed, updatedAt: Date? = nil
        ) {
            self.values = values
            self.manifests = manifests
            self.placement = placement
            self.state = state
            self.updatedAt = updatedAt
        }
    }

    /// Where a record was read from.
    public enum Storage: Sendable, Hashable {
        /// Not read: a new record.
        case none
        /// The Secret `marvdash-NAME`.
        case secret
        /// A ConfigMap of an older marvdash: migrated to a Secret (and the ConfigMap removed) at the next write.
        case legacyConfigMap
    }

    public var name: String
    public var namespace: String
    public var templateID: String
    /// The latest revision (the current one, or the one an unfinished action is applying).
    public var revision: Int
    public var history: [Int: Revision]
    public var createdAt: Date?
    /// The template's source text at deploy time, so upgrade needs no local file.
    public var templateSource: String?
    /// The variables whose values are secrets (masked in every output).
    public var secretNames: Set<String>
    public var storage: Storage

    public init(name: String, namespace: String, templateID: String) {
        self.name = name
        self.namespace = namespace
        self.templateID = templateID
        self.revision = 0
        self.history = [:]
        self.secretNames = []
        self.storage = .none
    }

    /// `marvdash-NAME`, the name of the record object.
    public static func objectName(_ name: String) -> String { "marvdash-\(name)" }

    /// The latest revision's values, manifests and placement.
    public var values: [String: String] { history[revision]?.values ?? [:] }
    public var manifests: [JSONValue] { history[revision]?.manifests ?? [] }
    public var placement: JSONValue { history[revision]?.placement ?? .null }

    /// The state of the latest revision (a record without revisions reads as failed).
    public var state: InstanceState { history[revision]?.state ?? .failed }
    /// When the latest revision's state was written.
    public var stateSince: Date? { history[revision]?.updatedAt }

    /// The latest revision that is deployed, if any.
    public var deployedRevision: Int? { history.keys.sorted().last { history[$0]?.state == .deployed } }

    /// Whether the values of a variable are secrets: declared by the template, else by its name.
    public func isSecret(_ variable: String) -> Bool { secretNames.contains(variable) || SecretNames.looksSecret(variable) }

    /// Adds a revision (latest + 1) in `state`, makes it the latest and forgets all but
    /// the last `keptRevisions`. A deployed one supersedes the earlier deployed ones.
    public mutating func append(
        values: [String: String], manifests: [JSONValue], placement: JSONValue = .null, state: InstanceState = .deployed, at date: Date = Date()
    ) {
        revision += 1
        history[revision] = Revision(values: values, manifests: manifests, placement: placement, state: state, updatedAt: date)
        for old in history.keys.sorted().dropLast(Self.keptRevisions) { history[old] = nil }
        if state == .deployed { setState(.deployed, at: date) }
    }

    /// Sets the latest revision's state. `.deployed` also marks every earlier deployed revision superseded.
    public mutating func setState(_ state: InstanceState, at date: Date = Date()) {
        guard history[revision] != nil else { return }
        history[revision]?.state = state
        history[revision]?.updatedAt = date
        guard state == .deployed else { return }
        for rev in history.keys where rev < revision && history[rev]?.state == .deployed {
            history[rev]?.state = .superseded
        }
    }

    /// Marks an unfinished latest revision failed (before a new action starts over it).
    public mutating func failUnfinished(at date: Date = Date()) {
        if state.isPending { setState(.failed, at: date) }
    }

    /// The manifests of every object that may exist now: those of the last deployed revision
    /// and of every later one (an unfinished or failed action may have applied part of them),
    /// each object once, the latest revision's first.
    public var liveManifests: [JSONValue] {
        let start = deployedRevision ?? history.keys.min() ?? revision
        var seen = Set<String>()
        var out: [JSONValue] = []
        for rev in history.keys.sorted(by: >) where rev >= start {
            for object in history[rev]?.manifests ?? [] where seen.insert(DeployObject.label(object)).inserted {
                out.append(object)
            }
        }
        return out
    }

    static func valuesJSON(_ values: [String: String]) -> JSONValue {
        var o = JSONObject()
        for k in values.keys.sorted() { o[k] = .string(values[k] ?? "") }
        return .object(o)
    }

    static func parseValues(_ text: String) -> [String: String]? {
        guard let value = try? JSONValue.parse(text) else { return nil }
        return values(from: value)
    }

    static func values(from value: JSONValue) -> [String: String]? {
        guard let o = value.objectValue else { return nil }
        var out: [String: String] = [:]
        for m in o { out[m.key] = m.value.stringValue ?? m.value.jsonString() }
        return out
    }

    /// The instance this record describes.
    public var instance: Instance {
        let latest = Set(manifests.map(DeployObject.label))
        return Instance(
            name: name, namespace: namespace, templateID: templateID, revision: revision, values: values, managedBy: .marvdash,
            createdAt: createdAt, placement: placement, revisions: history.keys.sorted(), manifests: manifests,
            state: state, stateSince: stateSince, secretNames: secretNames.union(values.keys.filter(SecretNames.looksSecret)),
            priorManifests: liveManifests.filter { !latest.contains(DeployObject.label($0)) }, deployedRevision: deployedRevision,
            rollbackTarget: rollbackTarget)
    }
}

extension InstanceRecord {
    /// The revision a rollback without `--revision` restores: the last deployed one when the
    /// latest action is unfinished or failed, else the latest earlier revision that did not fail.
    public var rollbackTarget: Int? {
        if state != .deployed, let deployed = deployedRevision, deployed != revision { return deployed }
        return history.keys.sorted().last { $0 < revision && history[$0]?.state != .failed }
    }
}
