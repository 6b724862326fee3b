import Foundation
import MarvelCore
import Testing

/// Client selection (all, fraction, NUS), the data shards, the gradient-variance probe and the
/// privacy option, checked against hand computations.
@Suite struct FedLSelectionTests {
    static func history(_ examples: Int, asked: Int, answered: Int, merged: Int, error: Double?, variance: Double?) -> FedLClientHistory {
        var h = FedLClientHistory(examples: examples)
        h.asked = asked
        h.answered = answered
        h.lastMergedRound = merged
        h.globalValError = error
        h.gradientVariance = variance
        return h
    }

    static let pool = [
        "a": history(100, asked: 4, answered: 4, merged: 3, error: 0.2, variance: 1),
        "b": history(50, asked: 4, answered: 1, merged: 0, error: nil, variance: 2),
    ]

    @Test func nusFactorsFollowTheDocumentedFormula() {
        let scores = FedLSelector.scores(round: 5, clients: Self.pool)
        let a = scores["a"]!, b = scores["b"]!
        #expect(a.data == 1 && abs(a.error - 0.2) < 1e-12 && a.variance == 0.5)
        #expect(abs(a.availability - 5.0 / 6) < 1e-12)
        #expect(abs(a.staleness - 2.0 / 3) < 1e-12)  // merged in round 3: 1 − 1/(5 − 3 + 1)
        #expect(abs(a.value - 5.0 / 6 * (0.3 + 0.06 + 0.1 + 0.2 * 2 / 3)) < 1e-12)
        #expect(b.data == 0.5 && b.error == 1 && b.variance == 1 && b.staleness == 1)  // unknowns count as valuable
        #expect(abs(b.value - 2.0 / 6 * (0.15 + 0.3 + 0.2 + 0.2)) < 1e-12)
    }

    @Test func nusAsksOnlyValuableClientsUnlessTheQuorumNeedsMore() {
        var rng = Xoshiro256(seed: 1)
        let picky = FedLSelector(strategy: .nus, fraction: 1, minClients: 1, minValue: 0.6)
        let (selected, scores) = picky.select(round: 5, clients: Self.pool, rng: &rng)
        #expect(selected == ["a"])  // b: 0.283 < 0.6 × 0.494
        #expect(scores["a"]?.requested == true && scores["b"]?.requested == false)
        let quorum = FedLSelector(strategy: .nus, fraction: 1, minClients: 2, minValue: 0.6)
        #expect(quorum.select(round: 5, clients: Self.pool, rng: &rng).selected == ["a", "b"])
    }

    @Test func nusDrawsClientsInProportionToTheirValue() {
        var pool: [String: FedLClientHistory] = [:]
        pool["rich"] = Self.history(1000, asked: 10, answered: 10, merged: 9, error: 0.9, variance: 1)
        pool["poor"] = Self.history(10, asked: 10, answered: 2, merged: 1, error: 0.05, variance: 0.1)
        let selector = FedLSelector(strategy: .nus, fraction: 0.5, minClients: 1, minValue: 0)
        var rng = Xoshiro256(seed: 7)
        var counts: [String: Int] = [:]
        for _ in 0..<400 { counts[selector.select(round: 10, clients: pool, rng: &rng).selected[0], default: 0] += 1 }
        let scores = FedLSelector.scores(round: 10, clients: pool)
        let share = scores["rich"]!.value / (scores["rich"]!.value + scores["poor"]!.value)
        #expect(abs(Double(counts["rich"] ?? 0) / 400 - share) < 0.08, "\(counts) vs \(share)")
    }

    @Test func allAndFractionStrategies() {
        let four = Dictionary(uniqueKeysWithValues: ["1", "2", "3", "10"].map { ($0, FedLClientHistory(examples: 5)) })
        var rng = Xoshiro256(seed: 3)
        #expect(FedLSelector(strategy: .all).select(round: 1, clients: four, rng: &rng).selected == ["1", "2", "3", "10"])
        let half = FedLSelector(strategy: .fraction, fraction: 0.5, minClients: 1).select(round: 1, clients: four, rng: &rng).selected
        #expect(half.count == 2 && Set(half).isSubset(of: Set(four.keys)))
        let floor = FedLSelector(strategy: .fraction, fraction: 0.1, minClients: 3).select(round: 1, clients: four, rng: &rng).selected
        #expect(floor.count == 3)
    }

    @Test func shardsPartitionTheDataIIDOrByClass() {
        var labels: [Int32] = []
        for i in 0..<100 { labels.append(Int32(i % 10)) }
        let iid = (1...3).map { FedLShard(index: $0, count: 3, split: .iid, seed: 5).indices(labels: labels, salt: 0) }
        #expect(iid.map(\.count) == [33, 33, 34])
        #expect(Set(iid.flatMap { $0 }) == Set(0..<100) && iid.flatMap { $0 }.count == 100)
        #expect(Set(iid[0]).intersection(iid[1]).isEmpty)
        #expect(Set(iid[0].map { labels[$0] }).count > 5, "an iid shard sees most classes")
        let byClass = (1...2).map { FedLShard(index: $0, count: 2, split: .byClass).indices(labels: labels, salt: 0) }
        #expect(Set(byClass[0].map { labels[$0] }) == Set(0...4) && Set(byClass[1].map { labels[$0] }) == Set(5...9))
        #expect(FedLShard.parse("2/3") == FedLShard(index: 2, count: 3))
        #expect(FedLShard.parse("0/3") == nil && FedLShard.parse("4/3") == nil && FedLShard.parse("1") == nil)
        let data = SyntheticDataset(dimension: 4, informative: 4, classes: 3, trainCount: 90, validationCount: 30, testCount: 20).generate()
        let part = FedLShard(index: 1, count: 3).apply(to: data)
        #expect(part.train.count == 30 && part.validation.count == 10 && part.test.count == 20)
    }

    /// The probe's trace of the output layer's gradient covariance equals Σ_p Var_i(g_ip) from
    /// explicit per-example gradients.
    @Test func gradientProbeMatchesExplicitPerExampleGradients() {
        var rng = Xoshiro256(seed: 11)
        let model = GatedMLP.random(widths: [6, 4, 3], using: &rng)
        let set = SyntheticDataset(dimension: 6, informative: 6, classes: 3, trainCount: 40, validationCount: 1, testCount: 1).generate().train
        let probe = FedLGradientProbe.variance(of: model, on: set)
        // Explicit: a_i = relu(x W0 + b0) ⊙ z1 (x gated by z0), δ_i = softmax(a W1 + b1) − y.
        let gates = model.layers.map { $0.logAlpha.map { Double(HardConcrete.testGate(logAlpha: $0)) } }
        var gradients: [[Double]] = []
        for i in 0..<set.count {
            let x = (0..<6).map { Double(set.features[i * 6 + $0]) * gates[0][$0] }
            let l0 = model.layers[0], l1 = model.layers[1]
            let h = (0..<4).map { k in max(0, (0..<6).reduce(Double(l0.bias[k])) { $0 + x[$1] * Double(l0.weights[$1 * 4 + k]) }) }
            let a = (0..<4).map { h[$0] * gates[1][$0] }
            let z = (0..<3).map { k in (0..<4).reduce(Double(l1.bias[k])) { $0 + a[$1] * Double(l1.weights[$1 * 3 + k]) } }
            let top = z.max()!
            let e = z.map { exp($0 - top) }
            let p = e.map { $0 / e.reduce(0, +) }
            let delta = (0..<3).map { p[$0] - ($0 == Int(set.labels[i]) ? 1 : 0) }
            gradients.append((0..<4).flatMap { j in delta.map { a[j] * $0 } } + delta)
        }
        let explicit = GradientVariance.l1(perExampleGradients: gradients)
        #expect(abs(probe - explicit) <= 1e-4 * max(1, explicit), "\(probe) vs \(explicit)")
        #expect(probe > 0)
    }

    @Test func privacyClipsTheUpdateAndAddsNoiseOfTheGivenScale() {
        let received = FedLModel.initial(widths: [30, 20, 10], seed: 1)
        var local = received
        for l in local.network.layers.indices {
            local.network.layers[l].weights = local.network.layers[l].weights.map { $0 + 0.1 }
        }
        let local2 = local.keeping(positions: [Array(0..<30), Array(0..<15)])
        let norm = FedLPrivacy.updateNorm(local: local2, received: received)
        #expect(abs(norm - 0.1 * Double(30 * 15 + 15 * 10).squareRoot()) < 1e-3)
        var rng = Xoshiro256(seed: 2)
        let clipped = FedLPrivacy(clip: 1).apply(local: local2, received: received, rng: &rng)
        #expect(abs(FedLPrivacy.updateNorm(local: clipped, received: received) - 1) < 1e-4)
        #expect(clipped.units == local2.units)
        let noisy = FedLPrivacy(clip: 1, noise: 0.5).apply(local: received, received: received, rng: &rng)
        let deltas = zip(noisy.network.layers[0].weights, received.network.layers[0].weights).map { Double($0 - $1) }
        let sd = (deltas.map { $0 * $0 }.reduce(0, +) / Double(deltas.count)).squareRoot()
        #expect(abs(sd - 0.5) < 0.05, "noise SD \(sd), expected σ·C = 0.5")
        #expect(FedLPrivacy().apply(local: local2, received: received, rng: &rng) == local2)
    }
}
