/// Activation-rate tracking for one layer of gates over an observation window (an epoch):
/// every sampled gate state is recorded; a_j = (times gate j was non-zero) / observations.
public struct GateActivity: Sendable, Equatable {
    public private(set) var activeCounts: [Int]
    public private(set) var observations: Int

    public init(gates: Int) {
        activeCounts = Array(repeating: 0, count: gates)
        observations = 0
    }

    public init(activeCounts: [Int], observations: Int) {
        self.activeCounts = activeCounts
        self.observations = observations
    }

    public var gates: Int { activeCounts.count }

    /// Records one sampled gate vector (a gate counts as active when it is non-zero).
    public mutating func record(_ gates: UnsafeBufferPointer<Float>) {
        precondition(gates.count == activeCounts.count, "gate vector width mismatch")
        activeCounts.withUnsafeMutableBufferPointer { counts in
            for j in 0..<counts.count where gates[j] != 0 { counts[j] += 1 }
        }
        observations += 1
    }

    /// Records one sampled gate vector given as an array.
    public mutating func record(_ gates: [Float]) {
        gates.withUnsafeBufferPointer { record($0) }
    }

    /// a_j in [0, 1] (all 1 before any observation, so nothing is pruned on no evidence).
    public var rates: [Double] {
        guard observations > 0 else { return Array(repeating: 1, count: gates) }
        return activeCounts.map { Double($0) / Double(observations) }
    }

    /// Starts a new window.
    public mutating func reset() {
        for j in activeCounts.indices { activeCounts[j] = 0 }
        observations = 0
    }

    /// Keeps only the gates at `kept` (after compaction).
    public mutating func keep(_ kept: [Int]) {
        activeCounts = kept.map { activeCounts[$0] }
    }
}

/// The one-way hard-pruning rule of DynHP (seed 4.1.1.2): z_hat = (a >= threshold), Z = Z ⊙ z_hat.
public enum HardPruning {
    /// The indices that survive: those with rate >= `threshold`. A layer never loses every
    /// unit: if all would go, the most active one stays (a zero-width layer has no function).
    public static func survivors(rates: [Double], threshold: Double) -> [Int] {
        let kept = rates.indices.filter { rates[$0] >= threshold }
        if !kept.isEmpty || rates.isEmpty { return kept }
        let best = rates.indices.max { rates[$0] < rates[$1] } ?? 0
        return [best]
    }
}
