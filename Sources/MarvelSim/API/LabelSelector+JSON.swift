import MarvelCore

extension LabelSelector {
    /// A `metav1.LabelSelector` object (`matchLabels` and `matchExpressions`
    /// with In, NotIn, Exists, DoesNotExist). An empty selector matches everything.
    init(json: JSONValue?) {
        var requirements: [Requirement] = []
        for m in json?["matchLabels"]?.objectValue ?? JSONObject() {
            requirements.append(.equals(m.key, m.value.stringValue ?? ""))
        }
        for e in json?["matchExpressions"]?.arrayValue ?? [] {
            let key = e["key"]?.stringValue ?? ""
            let values = (e["values"]?.arrayValue ?? []).compactMap(\.stringValue)
            switch e["operator"]?.stringValue ?? "" {
            case "In": requirements.append(.inSet(key, values))
            case "NotIn": requirements.append(.notInSet(key, values))
            case "Exists": requirements.append(.exists(key))
            case "DoesNotExist": requirements.append(.doesNotExist(key))
            default: requirements.append(.inSet(key, []))  // an unknown operator matches nothing
            }
        }
        self.init(requirements: requirements)
    }

    /// A Service's `spec.selector` (a plain label map); nil when it has none.
    init?(serviceSelector json: JSONValue?) {
        guard let map = json?.objectValue, !map.isEmpty else { return nil }
        self.init(requirements: map.map { .equals($0.key, $0.value.stringValue ?? "") })
    }
}
