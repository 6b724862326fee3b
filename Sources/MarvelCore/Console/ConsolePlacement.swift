/// The placement an operator chose in the console's deploy preview: a mode
/// (`m` cycles auto → layer → none → node), a policy (`o` cycles them) and
/// the taints tolerated (the deploy form's Tolerate field, as `--tolerate`).
public struct ConsolePlacement: Sendable, Hashable, CustomStringConvertible {
    public var mode: PlacementMode
    public var policy: PlacementPolicy
    public var tolerations: [PlacementToleration]

    public init(mode: PlacementMode = .auto, policy: PlacementPolicy = .spread, tolerations: [PlacementToleration] = []) {
        self.mode = mode
        self.policy = policy
        self.tolerations = tolerations
    }

    /// The console's default, as `marvdash deploy`'s: auto with spread.
    public static let auto = ConsolePlacement()

    /// The placement an instance record names (mode none when it names none).
    public init(record: JSONValue) {
        let request = PlacementRequest(record: record) ?? .none
        self.init(mode: request.mode, policy: request.policy, tolerations: request.tolerations)
    }

    /// The request for the deployer, reading layers with `rules`.
    public func request(rules: LayerRules = LayerRules()) -> PlacementRequest {
        PlacementRequest(mode: mode, policy: policy, rules: rules, tolerations: tolerations)
    }

    /// "auto · spread", "node fog-1 · pack", "none", plus " · tolerates Layer=GRNEDGE1:NoSchedule".
    public var description: String {
        let tolerated = tolerations.isEmpty ? "" : " · tolerates \(tolerations.map(\.text).joined(separator: ", "))"
        if case .none = mode { return "none (the cluster's scheduler decides)" + tolerated }
        return "\(mode) · \(policy)" + tolerated
    }

    /// The mode after `mode` in the console's cycle; node mode takes `node`.
    public static func nextMode(after mode: PlacementMode, node: String?) -> PlacementMode {
        switch mode {
        case .auto: return .layer
        case .layer: return .none
        case .none: return node.map(PlacementMode.node) ?? .auto
        case .node: return .auto
        }
    }

    /// The policy after `policy`: spread → pack → balanced → edge-first → usage → spread.
    public static func nextPolicy(after policy: PlacementPolicy) -> PlacementPolicy {
        let all: [PlacementPolicy] = [.spread, .pack, .balanced, .edgeFirst, .usage]
        let i = all.firstIndex(of: policy) ?? 0
        return all[(i + 1) % all.count]
    }
}

/// What the console asks the placer about: one template with its values, as an instance, placed one way.
public struct PlacementQuery: Sendable, Hashable {
    public var templateID: String
    public var instance: String
    public var values: [String: String]
    public var namespace: String
    public var placement: ConsolePlacement

    public init(templateID: String, instance: String, values: [String: String], namespace: String, placement: ConsolePlacement) {
        self.templateID = templateID
        self.instance = instance
        self.values = values
        self.namespace = namespace
        self.placement = placement
    }
}

/// The console's view of a placement decision being computed in the background.
public enum PlacementPreview: Sendable {
    /// The backend cannot place (no cluster, or a fake without placement).
    case unavailable(String)
    /// Asked for; not known yet.
    case pending
    /// The placer's decision.
    case decided(PlacementDecision)
    /// No node can run a workload (or the mode names no node): deploying is refused. The placer's line.
    case refused(String)
    /// The decision could not be computed (the API's message).
    case failed(String)
}
