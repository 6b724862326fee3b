import MarvelCore

/// The hash that names a pod template (`pod-template-hash`,
/// `controller-revision-hash`): computed over the template with its object
/// keys sorted, so the same template always gets the same hash however its
/// keys were ordered by the writes that produced it.
enum PodTemplateHash {
    /// The label a Deployment's ReplicaSets and their pods carry.
    static let label = "pod-template-hash"

    /// The hash of `template` (10 characters of Kubernetes' vowel-free alphabet).
    static func of(_ template: JSONValue) -> String {
        NameSuffix.stableHex(canonical(template).jsonString(), length: 10)
    }

    /// `value` with the keys of every object sorted.
    static func canonical(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let o):
            return .object(JSONObject(o.members.sorted { $0.key < $1.key }.map { JSONMember($0.key, canonical($0.value)) }))
        case .array(let a):
            return .array(a.map(canonical))
        default:
            return value
        }
    }

    /// Whether two pod templates are the same, ignoring key order and the `pod-template-hash` label.
    static func equalIgnoringHash(_ a: JSONValue, _ b: JSONValue) -> Bool {
        canonical(withoutHashLabel(a)) == canonical(withoutHashLabel(b))
    }

    /// `template` without the `pod-template-hash` label (and without the label map, when that was its only label).
    static func withoutHashLabel(_ template: JSONValue) -> JSONValue {
        var t = template
        guard var labels = t.at("metadata", "labels")?.objectValue, labels[label] != nil else { return t }
        labels[label] = nil
        t["metadata"]?["labels"] = labels.isEmpty ? nil : .object(labels)
        return t
    }
}
