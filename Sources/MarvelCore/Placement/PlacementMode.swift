import Foundation

/// How a deploy uses the placer: `auto` pins each workload to the nodes chosen
/// (required node affinity on `kubernetes.io/hostname`), `layer` only to the
/// chosen layer (kube-scheduler picks the node inside it), `node NAME` to one
/// node, `none` leaves scheduling to the cluster.
public enum PlacementMode: Sendable, Hashable, CustomStringConvertible {
    case auto, layer, none
    case node(String)

    /// Reads "auto", "layer", "none", "node NAME" (also "node=NAME", "node:NAME").
    public init(parsing text: String) throws(PlacementError) {
        let t = text.trimmingCharacters(in: .whitespaces)
        switch t.lowercased() {
        case "auto": self = .auto
        case "layer": self = .layer
        case "none": self = .none
        default:
            for prefix in ["node ", "node=", "node:"] where t.lowercased().hasPrefix(prefix) {
                let name = t.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
                if !name.isEmpty {
                    self = .node(name)
                    return
                }
            }
            throw PlacementError.badMode(text)
        }
    }

    public var description: String {
        switch self {
        case .auto: return "auto"
        case .layer: return "layer"
        case .none: return "none"
        case .node(let name): return "node \(name)"
        }
    }

    /// "auto", "layer", "node", "none" (the record's `mode` field).
    public var name: String {
        if case .node = self { return "node" }
        return description
    }
}

/// What a deploy asks of the placer: the mode, the policy, how layers are read
/// and the taints the operator tolerates (`--tolerate`), on top of the template's.
public struct PlacementRequest: Sendable, Equatable {
    public var mode: PlacementMode
    public var policy: PlacementPolicy
    public var rules: LayerRules
    /// The operator's tolerations: added to every workload's pods, in every mode.
    public var tolerations: [PlacementToleration]

    public init(
        mode: PlacementMode, policy: PlacementPolicy = .spread, rules: LayerRules = LayerRules(), tolerations: [PlacementToleration] = []
    ) {
        self.mode = mode
        self.policy = policy
        self.rules = rules
        self.tolerations = tolerations
    }

    /// Leave scheduling to the cluster.
    public static let none = PlacementRequest(mode: .none)
    /// The default of `marvdash deploy`.
    public static let auto = PlacementRequest(mode: .auto)

    /// The request a record's placement field describes (for upgrades), nil when it names none.
    public init?(record: JSONValue, rules: LayerRules = LayerRules()) {
        guard let modeName = record["mode"]?.stringValue else { return nil }
        let mode: PlacementMode
        switch modeName {
        case "node":
            guard let node = record["node"]?.stringValue else { return nil }
            mode = .node(node)
        default:
            guard let m = try? PlacementMode(parsing: modeName) else { return nil }
            mode = m
        }
        let policy = record["policy"]?.stringValue.flatMap { try? PlacementPolicy(parsing: $0) } ?? .spread
        let tolerations = (record["tolerate"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap { try? PlacementToleration(parsing: $0) } }
        self.init(mode: mode, policy: policy, rules: rules, tolerations: tolerations)
    }
}
