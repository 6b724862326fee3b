/// One requirement of a node selector term: `key operator values`, matched
/// against a node's labels (matchExpressions) or fields (matchFields).
public struct NodeSelectorRequirement: Sendable, Hashable {
    public var key: String
    /// In, NotIn, Exists, DoesNotExist, Gt, Lt.
    public var op: String
    public var values: [String]

    public init(key: String, op: String, values: [String] = []) {
        self.key = key
        self.op = op
        self.values = values
    }

    /// Whether a label map (or field map) satisfies the requirement. Unknown operators never match.
    public func matches(_ labels: [String: String]) -> Bool {
        matches(value: labels[key])
    }

    /// Whether the value the key has (nil when absent) satisfies the requirement.
    public func matches(value: String?) -> Bool {
        switch op {
        case "In": return value.map(values.contains) ?? false
        case "NotIn": return !(value.map(values.contains) ?? false)
        case "Exists": return value != nil
        case "DoesNotExist": return value == nil
        case "Gt", "Lt":
            guard let v = value.flatMap({ Int($0) }), values.count == 1, let bound = Int(values[0]) else { return false }
            return op == "Gt" ? v > bound : v < bound
        default: return false
        }
    }

    /// Reads `{key, operator, values}`.
    public init(json: JSONValue) {
        key = json["key"]?.stringValue ?? ""
        op = json["operator"]?.stringValue ?? ""
        values = (json["values"]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// The API form.
    public var json: JSONValue {
        var o: JSONObject = ["key": .string(key), "operator": .string(op)]
        if !values.isEmpty { o["values"] = .array(values.map(JSONValue.string)) }
        return .object(o)
    }
}

/// A `nodeSelectorTerms` entry: every expression and field requirement must hold.
public struct NodeSelectorTerm: Sendable, Hashable {
    public var matchExpressions: [NodeSelectorRequirement]
    /// Only `metadata.name` is a supported field, as in Kubernetes.
    public var matchFields: [NodeSelectorRequirement]

    public init(matchExpressions: [NodeSelectorRequirement] = [], matchFields: [NodeSelectorRequirement] = []) {
        self.matchExpressions = matchExpressions
        self.matchFields = matchFields
    }

    /// Reads `{matchExpressions, matchFields}`.
    public init(json: JSONValue) {
        matchExpressions = (json["matchExpressions"]?.arrayValue ?? []).map(NodeSelectorRequirement.init(json:))
        matchFields = (json["matchFields"]?.arrayValue ?? []).map(NodeSelectorRequirement.init(json:))
    }

    /// An empty term matches nothing, as in Kubernetes.
    public func matches(labels: [String: String], nodeName: String) -> Bool {
        if matchExpressions.isEmpty && matchFields.isEmpty { return false }
        return matchExpressions.allSatisfy { $0.matches(labels) }
            && matchFields.allSatisfy { $0.key == "metadata.name" && $0.matches(value: nodeName) }
    }

    /// The API form.
    public var json: JSONValue {
        var o = JSONObject()
        if !matchExpressions.isEmpty { o["matchExpressions"] = .array(matchExpressions.map(\.json)) }
        if !matchFields.isEmpty { o["matchFields"] = .array(matchFields.map(\.json)) }
        return .object(o)
    }
}

/// A `preferredDuringSchedulingIgnoredDuringExecution` entry: a term and its weight (1–100).
public struct PreferredSchedulingTerm: Sendable, Hashable {
    public var weight: Int
    public var term: NodeSelectorTerm

    public init(weight: Int, term: NodeSelectorTerm) {
        self.weight = weight
        self.term = term
    }
}
