/// A point in a deploy, upgrade, rollback or delete at which the action can be
/// interrupted: after the record is written, after each object is applied,
/// pruned or deleted.
public enum DeployStep: Sendable, Hashable, CustomStringConvertible {
    /// The record was written in this state.
    case recordWritten(InstanceState)
    /// An object ("Kind/name") was applied; `index` counts from 0 in apply order.
    case applied(String, index: Int)
    /// An object of the previous revision was pruned.
    case pruned(String)
    /// An object was deleted by `delete`.
    case deleted(String)

    public var description: String {
        switch self {
        case .recordWritten(let state): return "record written (\(state.rawValue))"
        case .applied(let object, let index): return "applied \(object) (#\(index + 1))"
        case .pruned(let object): return "pruned \(object)"
        case .deleted(let object): return "deleted \(object)"
        }
    }
}

/// Where an action stops as if its process had been killed: after the step for
/// which `stopsAfter` is true, nothing more runs — no undo, no final record
/// state. The seam through which tests interrupt an action between two objects;
/// a deployer without one never stops early.
public struct DeployInterruption: Sendable {
    public let stopsAfter: @Sendable (DeployStep) -> Bool

    public init(stopsAfter: @escaping @Sendable (DeployStep) -> Bool) { self.stopsAfter = stopsAfter }

    /// Stops after the `count`-th object applied (counted over the whole action).
    public static func afterApplying(_ count: Int) -> DeployInterruption {
        DeployInterruption { step in
            if case .applied(_, let index) = step { return index + 1 == count }
            return false
        }
    }
}

/// Thrown when a `DeployInterruption` stops an action: what is in the cluster is
/// what a killed process would have left.
public struct DeployInterrupted: Error, Sendable, CustomStringConvertible {
    public var step: DeployStep
    public var description: String { "interrupted after: \(step)" }
}

extension Deployer {
    /// Passes a step; throws `DeployInterrupted` when the interruption stops there.
    func reached(_ step: DeployStep) throws(DeployInterrupted) {
        if interruption?.stopsAfter(step) == true { throw DeployInterrupted(step: step) }
    }
}
