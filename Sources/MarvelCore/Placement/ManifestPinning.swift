/// Writes a placement decision into a workload manifest's pod template: a
/// required node-affinity requirement ANDed into every existing term (or a
/// new term), and the tolerations the template or the operator declared
/// (never one for a taint only because the chosen node carries it).
public enum ManifestPinning {
    /// The key path of a workload's pod spec, nil for objects without pods (or DaemonSets).
    public static func podSpecPath(_ manifest: JSONValue) -> [String]? {
        let kind = manifest["kind"]?.stringValue ?? ""
        return kind == "DaemonSet" ? nil : WorkloadPodTemplate.specPath(kind: kind)
    }

    /// `manifest` with `requirement` required of every node its pods may use, and
    /// `tolerations` added (those the pod spec does not have already).
    public static func pin(_ manifest: JSONValue, requirement: NodeSelectorRequirement?, tolerations declared: [PlacementToleration]) -> JSONValue {
        guard let path = podSpecPath(manifest) ?? (manifest["kind"]?.stringValue == "DaemonSet" ? ["spec", "template", "spec"] : nil),
            var spec = manifest.at(path)
        else { return manifest }
        if requirement == nil && declared.isEmpty { return manifest }
        if let requirement {
            var terms = (spec.at("affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")?
                .arrayValue ?? []).map(NodeSelectorTerm.init(json:))
            if terms.isEmpty { terms = [NodeSelectorTerm()] }
            for i in terms.indices {
                terms[i].matchExpressions.removeAll { $0.key == requirement.key && $0.op == requirement.op }
                terms[i].matchExpressions.append(requirement)
            }
            var affinity = spec["affinity"]?.objectValue ?? JSONObject()
            var nodeAffinity = affinity["nodeAffinity"]?.objectValue ?? JSONObject()
            nodeAffinity["requiredDuringSchedulingIgnoredDuringExecution"] = ["nodeSelectorTerms": .array(terms.map(\.json))]
            affinity["nodeAffinity"] = .object(nodeAffinity)
            spec["affinity"] = .object(affinity)
        }
        var tolerations = spec["tolerations"]?.arrayValue ?? []
        var known = tolerations.map(PlacementToleration.init(json:))
        for t in declared where !known.contains(t) {
            known.append(t)
            tolerations.append(t.json)
        }
        if !tolerations.isEmpty { spec["tolerations"] = .array(tolerations) }
        return WorkloadPodTemplate.setting(manifest, path, spec)
    }
}
