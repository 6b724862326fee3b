import Foundation

/// Records of marvdash versions before the Secret record: a ConfigMap
/// `marvdash-NAME` (label `marvdash.io/record=true`) with `template`,
/// `revision`, `values`, `placement`, `template.yaml` and per kept revision
/// `values-N.json`, `manifests-N.yaml` and `placement-N.json`. They are only
/// read: the next upgrade, rollback or delete writes the record as a Secret
/// and removes the ConfigMap, which held secret values in clear.
extension InstanceRecord {
    /// Reads a legacy record ConfigMap; a missing or unparseable field is named. The latest
    /// revision reads as deployed, the others as superseded.
    public init(configMap: JSONValue) throws(DeployError) {
        let cmName = DeployObject.name(configMap)
        let ns = configMap.at("metadata", "namespace")?.stringValue ?? ""
        let name = DeployObject.labels(configMap)[InstanceLabels.instance] ?? String(cmName.dropFirst("marvdash-".count))
        let data = configMap["data"]?.objectValue ?? JSONObject()
        guard let template = data["template"]?.stringValue else { throw .badRecord(name: name, namespace: ns, field: "data.template") }
        guard let rev = data["revision"]?.stringValue.flatMap({ Int($0) }) else { throw .badRecord(name: name, namespace: ns, field: "data.revision") }
        self.init(name: name, namespace: ns, templateID: template)
        revision = rev
        storage = .legacyConfigMap
        let placement = (try? JSONValue.parse(data["placement"]?.stringValue ?? "null")) ?? .null
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
            history[r] = Revision(values: values, manifests: docs.filter { !$0.isNull }, placement: placed, state: r == rev ? .deployed : .superseded)
        }
        if history[rev] == nil { throw .badRecord(name: name, namespace: ns, field: "data.manifests-\(rev).yaml") }
    }
}
