import MarvelCore

/// The hash that names a pod template (`pod-template-hash`,
/// `controller-revision-hash`): computed over the template with its object
/// keys sorted and its empty values (`null`, `{}`, `[]`) dropped, so the same
/// template always gets the same hash however the writes that produced it
/// ordered or spelled it (kubectl sends `creationTimestamp: null` and
/// `resources: {}` where another client sends nothing).
enum PodTemplateHash {
    /// The label a Deployment's ReplicaSets and their pods carry.
    static let label = "pod-template-hash"

    /// The hash of `template` (10 characters of Kubernetes' vowel-free alphabet).
    static func of(_ template: JSONValue) -> String {
        NameSuffix.stable(canonical(template).jsonString(), length: 10)
    }

    /// `value` with the keys of every object sorted and members that are null or empty dropped.
    static func canonical(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let o):
            let members = o.members.sorted { $0.key < $1.key }.compactMap { m -> JSONMember? in
                let v = canonical(m.value)
                return isEmpty(v) ? nil : JSONMember(m.key, v)
            }
            return .object(JSONObject(members))
        case .array(let a):
            return .array(a.map(canonical))
        default:
            return value
        }
    }

    private static func isEmpty(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return true
        case .object(let o): return o.isEmpty
        case .array(let a): return a.isEmpty
        default: return false
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
