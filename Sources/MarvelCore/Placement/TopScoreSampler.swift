/// kube-scheduler's `selectHost`: the node with the highest total score, and
/// among nodes tied at that score, each with the same chance, by reservoir
/// sampling (the k-th tied node seen replaces the choice with probability
/// 1/k). The random numbers come from a SplitMix64 stream seeded by the
/// caller, so a decision is the same every time it is made with the same
/// seed (tests and `place` stay reproducible) while different pods and
/// instances spread over equal nodes instead of all taking the first by name.
public struct TopScoreSampler: Sendable {
    private var state: UInt64
    /// The chosen node so far, -1 before any offer.
    public private(set) var best = -1
    public private(set) var bestScore = Int.min
    /// How many nodes share `bestScore`.
    public private(set) var ties = 0

    public init(seed: UInt64) { state = seed }

    /// Considers node `node` with total `score`.
    public mutating func offer(_ node: Int, score: Int) {
        if score > bestScore {
            best = node
            bestScore = score
            ties = 1
        } else if score == bestScore {
            ties += 1
            if next() % UInt64(ties) == 0 { best = node }
        }
    }

    /// The choice, nil when nothing was offered.
    public var choice: Int? { best >= 0 ? best : nil }

    /// SplitMix64's next output.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return PlacementSeed.finish(state)
    }
}

/// Seeds for the placer's tie-breaking, derived from names (FNV-1a, then
/// SplitMix64's finaliser), so the same workload gets the same seed in
/// every process.
public enum PlacementSeed {
    /// The seed of a text (an instance, a workload, a pod's namespace/name).
    public static func of(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        return finish(h)
    }

    /// Two values mixed into one well-spread value.
    @inline(__always)
    public static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        finish(a ^ (b &+ 0x9E37_79B9_7F4A_7C15 &+ (a << 6) &+ (a >> 2)))
    }

    /// SplitMix64's output function.
    @inline(__always)
    static func finish(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
