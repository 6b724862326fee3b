/// An operator's change to one node: dedicate it to a layer (the layer label
/// plus a `NoSchedule` taint with the same key and value, seed Table 1),
/// undedicate it (the taint goes, the label stays so the node still counts in
/// its layer), cordon (`spec.unschedulable: true`) or uncordon, and any label
/// or taint set or removed (seed Listings 30 and 32 done from the console;
/// see `NodeAction+Edits.swift`).
public enum NodeAction: Sendable, Hashable, CustomStringConvertible {
    case dedicate(Layer)
    case undedicate
    case cordon
    case uncordon
    /// `kubectl label nodes N KEY=VALUE --overwrite`.
    case setLabel(key: String, value: String)
    /// `kubectl label nodes N KEY-`.
    case removeLabel(key: String)
    /// `kubectl taint nodes N KEY[=VALUE]:EFFECT` (replacing a taint of the same key and effect).
    case addTaint(Node.Taint)
    /// `kubectl taint nodes N KEY:EFFECT-`.
    case removeTaint(key: String, effect: String)

    /// The label and taint key a dedication uses.
    public static let layerKey = "marvdash.io/layer"

    public var description: String {
        switch self {
        case .dedicate(let layer): return "dedicate to \(layer.rawValue)"
        case .undedicate: return "undedicate"
        case .cordon: return "cordon"
        case .uncordon: return "uncordon"
        default: return editDescription
        }
    }

    /// The JSON merge patch that makes the change on `node` (the object as read):
    /// taints are a list, so the patch carries the whole new list and the
    /// resourceVersion read, and the server refuses it (409) if the node changed in between.
    public func mergePatch(for node: JSONValue) -> JSONValue {
        switch self {
        case .cordon:
            return ["spec": ["unschedulable": true]]
        case .uncordon:
            return ["spec": ["unschedulable": .null]]
        case .dedicate(let layer):
            var taints = Self.taints(of: node).filter { $0["key"]?.stringValue != Self.layerKey }
            taints.append(["key": .string(Self.layerKey), "value": .string(layer.rawValue), "effect": "NoSchedule"])
            return Self.patch(node, labels: [Self.layerKey: .string(layer.rawValue)], taints: taints)
        case .undedicate:
            let taints = Self.taints(of: node).filter { $0["key"]?.stringValue != Self.layerKey }
            return Self.patch(node, labels: nil, taints: taints)
        default:
            return editPatch(for: node)
        }
    }

    /// What the change does to `node`, for the confirmation question.
    public func change(node: String) -> String {
        switch self {
        case .dedicate(let layer):
            return "label \(node) \(Self.layerKey)=\(layer.rawValue) and taint it \(Self.layerKey)=\(layer.rawValue):NoSchedule"
                + " (only pods that tolerate it will run there: --tolerate \(Self.layerKey)=\(layer.rawValue):NoSchedule or placement.tolerate)"
        case .undedicate:
            return "remove the \(Self.layerKey) NoSchedule taint from \(node) (its layer label stays)"
        case .cordon:
            return "cordon \(node): no new pods are scheduled on it (running pods stay)"
        case .uncordon:
            return "uncordon \(node): new pods may be scheduled on it again"
        default:
            return editChange(node: node)
        }
    }

    /// The action on a node as a verb phrase ("dedicate fog-1 to edge", "cordon fog-1").
    public func phrase(node: String) -> String {
        if case .dedicate(let layer) = self { return "dedicate \(node) to \(layer.rawValue)" }
        if let phrase = editPhrase(node: node) { return phrase }
        return "\(self) \(node)"
    }

    /// The success line ("cordoned fog-1").
    public func done(node: String) -> String {
        switch self {
        case .dedicate(let layer): return "dedicated \(node) to \(layer.rawValue) (label + NoSchedule taint \(Self.layerKey)=\(layer.rawValue))"
        case .undedicate: return "undedicated \(node): removed the \(Self.layerKey) taint, kept the label"
        case .cordon: return "cordoned \(node)"
        case .uncordon: return "uncordoned \(node)"
        default: return editDone(node: node)
        }
    }

    static func taints(of node: JSONValue) -> [JSONValue] {
        node.at("spec", "taints")?.arrayValue ?? []
    }

    static func patch(_ node: JSONValue, labels: JSONObject?, taints: [JSONValue]) -> JSONValue {
        var metadata = JSONObject()
        if let labels { metadata["labels"] = .object(labels) }
        if let rv = node.at("metadata", "resourceVersion") { metadata["resourceVersion"] = rv }
        var out = JSONObject()
        if !metadata.isEmpty { out["metadata"] = .object(metadata) }
        out["spec"] = ["taints": taints.isEmpty ? .null : .array(taints)]
        return .object(out)
    }
}

extension KubeClient {
    /// Reads one node as JSON.
    public func nodeObject(named name: String) throws(KubeError) -> JSONValue {
        try get("/api/v1/nodes/\(name)")
    }

    /// Sends a JSON merge patch to a node and returns the node as the server now has it.
    public func patchNode(named name: String, mergePatch: JSONValue) throws(KubeError) -> JSONValue {
        let path = "/api/v1/nodes/\(name)"
        let response = try send(
            .patch, path, headers: [(name: "Content-Type", value: "application/merge-patch+json")], body: mergePatch.jsonBytes())
        do {
            return try JSONValue.parse(response.body)
        } catch {
            throw .invalidResponse(url: url(path), context: target.contextName, detail: "the body is not JSON (\(error))")
        }
    }

    /// Reads the node, then patches it as `action` says (one PATCH); returns the patched node.
    public func perform(_ action: NodeAction, onNode name: String) throws(KubeError) -> JSONValue {
        let node = try nodeObject(named: name)
        return try patchNode(named: name, mergePatch: action.mergePatch(for: node))
    }
}
