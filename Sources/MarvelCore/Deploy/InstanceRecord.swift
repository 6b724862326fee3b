import Foundation

/// The instance record: a ConfigMap `marvdash-NAME` holding the template id, values,
/// revision, placement and, per kept revision, its values, rendered manifests and placement.
public struct InstanceRecord: Sendable {
    /// How many revisions a record keeps.
    public static let keptRevisions = 10

    public var name: String
    public var namespace: String
    public var templateID: String
    public var revision: Int
    public var placement: JSONValue
    /// Per revision: its values, its manifests and the placement decision they were pinned by.
    public var history: [Int: (values: [String: String], manifests: [JSONValue], placement: JSONValue)]
    public var createdAt: Date?
    /// The template's source text at deploy time, so upgrade needs no local file.
    public var templateSource: String?

    public init(name: String, namespace: String, templateID: String) {
        self.name = name
        self.namespace = namespace
        self.templateID = templateID
        self.revision = 0
        self.placement = .null
        self.history = [:]
    }

    public static func configMapName(_ name: String) -> String { "marvdash-\(name)" }

    /// The current revision's values and manifests.
    public var values: [String: String] { history[revision]?.values ?? [:] }
    public var manifests: [JSONValue] { history[revision]?.manifests ?? [] }

    /// Adds a revision (current + 1) placed by `placement`, makes it current and forgets
    /// all but the last `keptRevisions`.
    public mutating func append(values: [String: String], manifests: [JSONValue], placement: JSONValue = .null) {
        revision += 1
        history[revision] = (values, manifests, placement)
        self.placement = placement
        for old in history.keys.sorted().dropLast(Self.keptRevisions) { history[old] = nil }
    }

    /// The ConfigMap to apply.
    public func configMap() -> JSONValue {
        var data = JSONObject()
        data["template"] = .string(templateID)
        data["revision"] = .string(String(revision))
        data["values"] = .string(Self.valuesJSON(values))
        data["placement"] = .string(placement.jsonString())
        if let templateSource { data["template.yaml"] = .string(templateSource) }
        for rev in history.keys.sorted() {
            guard let entry = history[rev] else { continue }
            data["values-\(rev).json"] = .string(Self.valuesJSON(entry.values))
            data["manifests-\(rev).yaml"] = .string(YAML.emit(documents: entry.manifests))
            if !entry.placement.isNull { data["placement-\(rev).json"] = .string(entry.placement.jsonString()) }
        }
        var labels = JSONObject()
        labels[InstanceLabels.managedBy] = "marvdash"
        labels[InstanceLabels.instance] = .string(name)
        labels[InstanceLabels.template] = .string(templateID)
        labels[InstanceLabels.record] = "true"
        return [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": .string(Self.configMapName(name)), "namespace": .string(namespace), "labels": .object(labels)],
            "data": .object(data),
        ]
    }

    /// Reads a record ConfigMap; a missing or unparseable field is named.
    public init(configMap: JSONValue) throws(DeployError) {
        let cmName = DeployObject.name(configMap)
        let ns = configMap.at("metadata", "namespace")?.stringValue ?? ""
        let name = DeployObject.labels(configMap)[InstanceLabels.instance] ?? String(cmName.dropFirst("marvdash-".count))
        let data = configMap["data"]?.objectValue ?? JSONObject()
        guard let template = data["template"]?.stringValue else { throw .badRecord(name: name, namespace: ns, field: "data.template") }
        guard let rev = data["revision"]?.stringValue.flatMap({ Int($0) }) else { throw .badRecord(name: name, namespace: ns, field: "data.revision") }
        self.init(name: name, namespace: ns, templateID: template)
        revision = rev
        placement = (try? JSONValue.parse(data["placement"]?.stringValue ?? "null")) ?? .null
        templateSource = data["template.yaml"]?.stringValue
        createdAt = configMap.at("metadata", "creationTimestamp")?.stringValue.flatMap(Timestamp.parse)
        for member in data {
            guard member.key.hasPrefix("manifests-"), member.key.hasSuffix(".yaml"),
                let r = Int(member.key.dropFirst("manifests-".count).dropLast(".yaml".count)), let text = member.value.stringValue
            else { continue }
            let docs: [JSONValue]
            do { docs = try YAML.load(text) } catch { throw .badRecord(name: name, namespace: ns, field: "data.\(member.key)") }
            let valuesText = data["values-\(r).json"]?.stringValue ?? (r == rev ? data["values"]?.stringValue ?? "{}" : "{}")
            guard let values = Self.parseValues(valuesText) else { throw .badRecord(name: name, namespace: ns, field: "data.values-\(r).json") }
            // Records written before placements were kept per revision: the current one has the record's.
            let placed = data["placement-\(r).json"]?.stringValue.flatMap { try? JSONValue.parse($0) } ?? (r == rev ? placement : .null)
            history[r] = (values, docs.filter { !$0.isNull }, placed)
        }
        if history[rev] == nil { throw .badRecord(name: name, namespace: ns, field: "data.manifests-\(rev).yaml") }
    }

    static func valuesJSON(_ values: [String: String]) -> String {
        var o = JSONObject()
        for k in values.keys.sorted() { o[k] = .string(values[k] ?? "") }
        return JSONValue.object(o).jsonString()
    }

    static func parseValues(_ text: String) -> [String: String]? {
        guard let o = (try? JSONValue.parse(text))?.objectValue else { return nil }
        var out: [String: String] = [:]
        for m in o { out[m.key] = m.value.stringValue ?? m.value.jsonString() }
        return out
    }

    /// The instance this record describes.
    public var instance: Instance {
        Instance(
            name: name, namespace: namespace, templateID: templateID, revision: revision, values: values, managedBy: .marvdash,
            createdAt: createdAt, placement: placement, revisions: history.keys.sorted(), manifests: manifests)
    }
}
