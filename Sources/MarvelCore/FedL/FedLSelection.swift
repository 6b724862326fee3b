import Foundation

/// Which connected clients a round asks for a result.
public enum FedLStrategy: String, Sendable, CaseIterable {
    /// Every connected client (the seed's synchronous setting).
    case all
    /// A uniformly random fraction of them (`--fraction`), at least `--min-clients`.
    case fraction
    /// Non-uniform sampling (seed 2.4.3): clients drawn with probability ∝ their NUS value, and
    /// only those judged valuable enough are asked.
    case nus
}

/// Picks a round's clients. NUS scores each connected client k at round r:
///
///     data         D = n_k / max_j n_j
///     error        E = error of the last global model k evaluated, on k's validation data (1 if unknown)
///     variance     V = v_k / max_j v_j, v = output-layer gradient variance k reported (1 if unknown)
///     availability A = (answered_k + 1) / (asked_k + 2)
///     staleness    S = 1 − 1 / (r − m_k + 1), m_k the last round k's result was merged (S = 1 if never)
///     value        = A · (0.3 D + 0.3 E + 0.2 V + 0.2 S)
///
/// Clients whose value is below `minValue` × the best value are not asked (their results
/// are judged not worth the bandwidth), unless that would leave fewer than `minClients`;
/// of the rest, m = max(minClients, ⌈fraction · connected⌉) are drawn without replacement
/// with probability ∝ value.
public struct FedLSelector: Sendable, Equatable {
    public var strategy: FedLStrategy
    public var fraction: Double
    public var minClients: Int
    public var minValue: Double

    public init(strategy: FedLStrategy, fraction: Double = 0.5, minClients: Int = 1, minValue: Double = 0.5) {
        self.strategy = strategy
        self.fraction = fraction
        self.minClients = max(1, minClients)
        self.minValue = minValue
    }

    /// The NUS factors of each of `clients` at round `round` (`requested` still false).
    public static func scores(round: Int, clients: [String: FedLClientHistory]) -> [String: FedLClientScore] {
        let maxExamples = Double(clients.values.map(\.examples).max() ?? 0)
        let maxVariance = clients.values.compactMap(\.gradientVariance).max() ?? 0
        var out: [String: FedLClientScore] = [:]
        for (id, h) in clients {
            let d = maxExamples > 0 ? Double(h.examples) / maxExamples : 1
            let e = min(1, max(0, h.globalValError ?? 1))
            let v = h.gradientVariance.map { maxVariance > 0 ? min(1, $0 / maxVariance) : 1 } ?? 1
            let a = Double(h.answered + 1) / Double(h.asked + 2)
            let s = h.lastMergedRound > 0 ? 1 - 1 / Double(max(1, round - h.lastMergedRound) + 1) : 1
            let value = a * (0.3 * d + 0.3 * e + 0.2 * v + 0.2 * s)
            out[id] = FedLClientScore(data: d, error: e, variance: v, availability: a, staleness: s, value: value, requested: false)
        }
        return out
    }

    /// The clients to ask this round (sorted), and the NUS scores (strategy nus only) with
    /// `requested` set.
    public func select(round: Int, clients: [String: FedLClientHistory], rng: inout Xoshiro256)
        -> (selected: [String], scores: [String: FedLClientScore])
    {
        let ids = clients.keys.sorted(by: Self.order)
        let wanted = min(ids.count, max(minClients, Int((fraction * Double(ids.count)).rounded(.up))))
        switch strategy {
        case .all:
            return (ids, [:])
        case .fraction:
            var pool = ids
            var chosen: [String] = []
            while chosen.count < wanted, !pool.isEmpty { chosen.append(pool.remove(at: rng.nextIndex(below: pool.count))) }
            return (chosen.sorted(by: Self.order), [:])
        case .nus:
            var scores = Self.scores(round: round, clients: clients)
            let best = scores.values.map(\.value).max() ?? 0
            var valuable = ids.filter { (scores[$0]?.value ?? 0) >= minValue * best }
            if valuable.count < min(minClients, ids.count) {
                let ranked = ids.sorted { (scores[$0]?.value ?? 0, $1) > (scores[$1]?.value ?? 0, $0) }
                valuable = Array(ranked.prefix(min(minClients, ids.count)))
            }
            var pool = valuable
            var chosen: [String] = []
            while chosen.count < min(wanted, valuable.count), !pool.isEmpty {
                let total = pool.reduce(0.0) { $0 + max(1e-9, scores[$1]?.value ?? 0) }
                var x = rng.nextUnitDouble() * total
                var pick = pool.count - 1
                for (i, id) in pool.enumerated() {
                    x -= max(1e-9, scores[id]?.value ?? 0)
                    if x < 0 { pick = i; break }
                }
                chosen.append(pool.remove(at: pick))
            }
            for id in chosen { scores[id]?.requested = true }
            return (chosen.sorted(by: Self.order), scores)
        }
    }

    /// Client ids in natural order: numbers by value ("2" before "10"), then text.
    public static func order(_ a: String, _ b: String) -> Bool {
        switch (Int(a), Int(b)) {
        case let (x?, y?): return x < y
        case (_?, nil): return true
        case (nil, _?): return false
        default: return a < b
        }
    }
}
