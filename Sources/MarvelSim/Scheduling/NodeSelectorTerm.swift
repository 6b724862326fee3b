import MarvelCore

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
        let value = labels[key]
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

    init(json: JSONValue) {
        key = json["key"]?.stringValue ?? ""
        op = json["operator"]?.stringValue ?? ""
        values = (json["values"]?.arrayValue ?? []).compactMap(\.stringValue)
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

    init(json: JSONValue) {
        matchExpressions = (json["matchExpressions"]?.arrayValue ?? []).map(NodeSelectorRequirement.init(json:))
        matchFields = (json["matchFields"]?.arrayValue ?? []).map(NodeSelectorRequirement.init(json:))
    }

    /// An empty term matches nothing, as in Kubernetes.
    public func matches(labels: [String: String], nodeName: String) -> Bool {
        if matchExpressions.isEmpty && matchFields.isEmpty { return false }
        return matchExpressions.allSatisfy { $0.matches(labels) }
            && matchFields.allSatisfy { $0.matches(["metadata.name": nodeName]) }
    }
}
