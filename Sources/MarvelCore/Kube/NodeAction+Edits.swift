/// The general label and taint edits of a node (the Nodes pane's `e` editor):
/// what `kubectl label` and `kubectl taint` do, as one JSON merge patch each.
/// A taint edit carries the whole new taint list and the resourceVersion read,
/// so a node changed in between is refused (409), as the dedication is.
extension NodeAction {
    /// Reads "KEY=VALUE" (a label to set); throws one line naming what is wrong.
    public static func label(parsing text: String) throws(NodeEditError) -> NodeAction {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let eq = t.firstIndex(of: "=") else { throw NodeEditError("write the label as KEY=VALUE (e.g. Layer=GRNEDGE1), got '\(t)'") }
        let key = String(t[..<eq])
        let value = String(t[t.index(after: eq)...])
        if let p = LabelSyntax.keyProblem(key) { throw NodeEditError("label key \(p)") }
        if let p = LabelSyntax.valueProblem(value) { throw NodeEditError("label value \(p)") }
        return .setLabel(key: key, value: value)
    }

    /// Reads "KEY[=VALUE]:EFFECT" (a taint to add); throws one line naming what is wrong.
    public static func taint(parsing text: String) throws(NodeEditError) -> NodeAction {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let colon = t.lastIndex(of: ":") else {
            throw NodeEditError("write the taint as KEY[=VALUE]:EFFECT (e.g. Layer=GRNEDGE1:NoSchedule), got '\(t)'")
        }
        let effect = String(t[t.index(after: colon)...])
        guard PlacementToleration.effects.contains(effect) else {
            throw NodeEditError("taint effect '\(effect)' must be NoSchedule, PreferNoSchedule or NoExecute")
        }
        let head = t[..<colon]
        var key = String(head)
        var value = ""
        if let eq = head.firstIndex(of: "=") {
            key = String(head[..<eq])
            value = String(head[head.index(after: eq)...])
        }
        if let p = LabelSyntax.keyProblem(key) { throw NodeEditError("taint key \(p)") }
        if let p = LabelSyntax.valueProblem(value) { throw NodeEditError("taint value \(p)") }
        return .addTaint(Node.Taint(key: key, value: value, effect: effect))
    }

    var editDescription: String {
        switch self {
        case .setLabel(let key, let value): return "label \(key)=\(value)"
        case .removeLabel(let key): return "remove label \(key)"
        case .addTaint(let taint): return "taint \(taint)"
        case .removeTaint(let key, let effect): return "remove taint \(key):\(effect)"
        default: return ""
        }
    }

    func editPatch(for node: JSONValue) -> JSONValue {
        switch self {
        case .setLabel(let key, let value):
            return ["metadata": ["labels": .object([key: .string(value)])]]
        case .removeLabel(let key):
            return ["metadata": ["labels": .object([key: .null])]]
        case .addTaint(let taint):
            var taints = Self.taints(of: node).filter { !($0["key"]?.stringValue == taint.key && $0["effect"]?.stringValue == taint.effect) }
            var t: JSONObject = ["key": .string(taint.key)]
            if !taint.value.isEmpty { t["value"] = .string(taint.value) }
            t["effect"] = .string(taint.effect)
            taints.append(.object(t))
            return Self.patch(node, labels: nil, taints: taints)
        case .removeTaint(let key, let effect):
            let taints = Self.taints(of: node).filter { !($0["key"]?.stringValue == key && $0["effect"]?.stringValue == effect) }
            return Self.patch(node, labels: nil, taints: taints)
        default:
            return .object([:])
        }
    }

    func editChange(node: String) -> String {
        switch self {
        case .setLabel(let key, let value): return "label \(node) \(key)=\(value) (as kubectl label nodes \(node) \(key)=\(value) --overwrite)"
        case .removeLabel(let key): return "remove the label \(key) from \(node) (as kubectl label nodes \(node) \(key)-)"
        case .addTaint(let taint):
            let effect = taint.effect == "NoExecute" ? "; running pods that do not tolerate it are evicted" : ""
            return "taint \(node) \(taint) (only pods tolerating it are scheduled there\(effect))"
        case .removeTaint(let key, let effect): return "remove the taint \(key):\(effect) from \(node)"
        default: return description
        }
    }

    func editPhrase(node: String) -> String? {
        switch self {
        case .setLabel(let key, let value): return "label \(node) \(key)=\(value)"
        case .removeLabel(let key): return "remove label \(key) from \(node)"
        case .addTaint(let taint): return "taint \(node) \(taint)"
        case .removeTaint(let key, let effect): return "remove taint \(key):\(effect) from \(node)"
        default: return nil
        }
    }

    func editDone(node: String) -> String {
        switch self {
        case .setLabel(let key, let value): return "labelled \(node) \(key)=\(value)"
        case .removeLabel(let key): return "removed the label \(key) from \(node)"
        case .addTaint(let taint): return "tainted \(node) \(taint)"
        case .removeTaint(let key, let effect): return "removed the taint \(key):\(effect) from \(node)"
        default: return description
        }
    }
}

/// A label or taint the operator typed that Kubernetes would refuse, as one line.
public struct NodeEditError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
