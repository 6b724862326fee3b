/// A component of a plan, with the instance (group) it belongs to and its
/// rules towards other instances: run on a node that holds a pod of each
/// `colocateWith` instance, at a site where each `sameSiteAs` instance runs,
/// and never on a node with a pod of an `antiAffinity` instance (naming its
/// own instance spreads its pods one per node).
public struct PlanComponent: Sendable, Hashable {
    public var requirement: ComponentRequirement
    public var group: String
    public var colocateWith: [String]
    public var sameSiteAs: [String]
    public var antiAffinity: [String]

    public init(
        _ requirement: ComponentRequirement, group: String = "", colocateWith: [String] = [], sameSiteAs: [String] = [],
        antiAffinity: [String] = []
    ) {
        self.requirement = requirement
        self.group = group.isEmpty ? requirement.name : group
        self.colocateWith = colocateWith
        self.sameSiteAs = sameSiteAs
        self.antiAffinity = antiAffinity
    }
}

/// Where one pod of a plan goes.
public struct PlanAssignment: Sendable, Hashable {
    public var component: String
    public var group: String
    public var replica: Int
    public var node: String

    public init(component: String, group: String, replica: Int, node: String) {
        self.component = component
        self.group = group
        self.replica = replica
        self.node = node
    }
}

/// A placement plan: every pod's node and the plan's cost under its policy
/// (the sum over pods, in the plan's canonical order, of the best score
/// minus the node's score), how it was found and whether it is proved optimal.
public struct PlacementPlan: Sendable {
    public enum Method: String, Sendable { case exact, heuristic }

    public var policy: PlacementPolicy
    public var method: Method
    public var optimal: Bool
    public var assignments: [PlanAssignment]
    public var cost: Int
    /// Search nodes expanded (exact) or placement steps (heuristic).
    public var steps: Int

    public init(policy: PlacementPolicy, method: Method, optimal: Bool, assignments: [PlanAssignment], cost: Int, steps: Int) {
        self.policy = policy
        self.method = method
        self.optimal = optimal
        self.assignments = assignments
        self.cost = cost
        self.steps = steps
    }

    /// The nodes a component's pods go to, one per replica.
    public func nodes(of component: String) -> [String] {
        assignments.filter { $0.component == component }.sorted { $0.replica < $1.replica }.map(\.node)
    }

    public var json: JSONValue {
        [
            "policy": .string(policy.rawValue), "method": .string(method.rawValue), "optimal": .bool(optimal), "cost": .int(cost),
            "assignments": .array(
                assignments.map {
                    ["component": .string($0.component), "instance": .string($0.group), "replica": .int($0.replica), "node": .string($0.node)]
                }),
        ]
    }
}
