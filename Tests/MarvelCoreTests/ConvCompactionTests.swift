import Foundation
import Testing
@testable import MarvelCore

/// Physical pruning of filters: a pruned filter leaves its convolution, BN, gate and every
/// consumer; the compact network computes what the gated one did; residual groups stay
/// consistent (a channel goes only when every gated tensor added into it closed it).
@Suite struct ConvCompactionTests {
    static func close(_ net: inout ConvNetwork, _ n: Int, _ c: Int) { net.params[n].logAlpha[c] = -10 }

    /// The residual network with random BN statistics and a few filters closed at test time.
    static func gatedNetwork() throws -> ConvNetwork {
        var net = try ConvSupport.residual()
        var rng = Xoshiro256(seed: 21)
        for n in net.nodes.indices where net.nodes[n].conv?.batchNorm == true {
            let c = net.nodes[n].shape.channels
            net.params[n].runningMean = (0..<c).map { _ in Float(rng.nextGaussian() * 0.3) }
            net.params[n].runningVariance = (0..<c).map { _ in Float(0.5 + rng.nextUnitDouble()) }
            net.params[n].gamma = (0..<c).map { _ in Float(0.5 + rng.nextUnitDouble()) }
            net.params[n].beta = (0..<c).map { _ in Float(rng.nextGaussian() * 0.2) }
        }
        for n in net.gatedNodes { net.params[n].logAlpha = net.params[n].logAlpha.map { _ in Float(1 + rng.nextUnitDouble()) } }
        close(&net, 2, 1)            // inner filter of the identity block
        close(&net, 1, 2)            // channel 2 closed by the stem and the block: goes
        close(&net, 3, 2)
        close(&net, 3, 3)            // channel 3 closed by the block only: stays, masked
        close(&net, 6, 0)            // channel 0 of the strided block and projection: goes
        close(&net, 7, 0)
        close(&net, 11, 4)           // a dense unit
        return net
    }

    @Test func prunedFiltersLeaveEveryTensorAndTheCompactNetworkComputesTheSame() throws {
        let gated = try Self.gatedNetwork()
        let alive = gated.testTimeAlive
        let compact = gated.compacted(keeping: gated.keptChannels(alive: alive), alive: alive)
        // Shapes: conv filters, BN, gates, masks and consumers' input channels.
        #expect(compact.nodes.map(\.shape.channels) == [3, 3, 3, 3, 3, 6, 5, 5, 5, 5, 20, 4, 3])
        #expect(compact.params[2].weights.count == 3 * 3 * 9, "inner conv: 3 filters of 3 input channels")
        #expect(compact.params[2].gamma.count == 3 && compact.params[2].runningMean.count == 3 && compact.params[2].logAlpha.count == 3)
        #expect(compact.params[3].weights.count == 3 * 3 * 9, "its consumer lost input channel 1")
        #expect(compact.params[7].weights.count == 5 * 3, "the projection lost output 0 and input channel 2")
        #expect(compact.params[11].weights.count == 4 * 20, "the dense layer lost unit 4 and the 4 features of channel 0")
        #expect(compact.params[12].weights.count == 3 * 4)
        #expect(compact.params[3].mask == [1, 1, 0], "channel 3 of the block stays (the stem adds into it) but its gate is 0 for good")
        #expect(compact.parameterCount < gated.parameterCount)
        #expect(compact.openFilters == gated.openFilters)
        let x = ConvSupport.gaussians(6 * 3 * 64, seed: 9)
        let a = x.withUnsafeBufferPointer { ConvEvaluation.logits(of: gated, features: $0, count: 6) }
        let b = x.withUnsafeBufferPointer { ConvEvaluation.logits(of: compact, features: $0, count: 6) }
        #expect(a.count == b.count)
        for i in a.indices { #expect(abs(a[i] - b[i]) <= 1e-5 * max(1, abs(a[i])), "logit \(i): \(a[i]) vs \(b[i])") }
    }

    @Test func residualGroupsJoinTheAdditionsInputsAndOutput() throws {
        let net = try ConvSupport.residual()
        let g = net.channelGroups
        #expect(g[1] == g[3] && g[3] == g[4], "stem, second block conv and their sum share channels")
        #expect(g[2] != g[1], "the inner conv is free")
        #expect(g[6] == g[7] && g[7] == g[8] && g[8] == g[9], "strided block, projection, sum and pool")
        #expect(g[5] != g[6])
    }

    @Test func anIdentityFromTheInputKeepsEveryChannel() throws {
        var b = ConvNetworkBuilder(input: TensorShape(channels: 4, height: 4, width: 4), seed: 2)
        let conv = try b.conv(4, kernel: 3, padding: 1, relu: false)
        try b.add([conv, 0])
        try b.dense(2, gated: false, relu: false)
        var net = try b.network(name: "identity")
        for c in 0..<4 { Self.close(&net, conv, c) }
        let kept = net.keptChannels(alive: net.testTimeAlive)
        #expect(kept[conv] == [0, 1, 2, 3], "the input adds into every channel: nothing is removed")
        let compact = net.compacted(keeping: kept, alive: net.testTimeAlive)
        #expect(compact.params[conv].mask == [0, 0, 0, 0])
    }

    @Test func trainingKeepsResidualShapesConsistentAndOptimiserStateShrinksWithThem() throws {
        let data = SyntheticDataset(dimension: 3 * 64, informative: 48, classes: 3, trainCount: 96, validationCount: 24,
                                    testCount: 24, noise: 1, seed: 3).generate()
        let config = DynHPConfig(mode: .hp, lambda: 400, threshold: 0.5, batchSize: 32, budgetBytes: 256 << 20, epochs: 2,
                                 seed: 4, learningRate: 0.01, gateLearningRate: 0.5)
        let network = try ConvSupport.residual()
        let trainer = try ConvTrainer(network: network, config: config, data: data, runID: "r")
        let initial = trainer.state.network.filters
        while trainer.trainEpoch() != nil {}
        let net = trainer.state.network
        #expect(net.filters.reduce(0, +) < initial.reduce(0, +), "λ this high prunes filters: \(net.filters)")
        for (n, node) in net.nodes.enumerated() {
            if case .add = node.op { #expect(Set(node.inputs.map { net.nodes[$0].shape }).count == 1, "add \(n)'s inputs agree") }
            if let spec = node.conv {
                #expect(spec.inChannels == net.nodes[node.inputs[0]].shape.channels)
                #expect(net.params[n].weights.count == spec.outChannels * spec.filterSize)
                #expect(trainer.state.optimizer.first[n].weights.count == net.params[n].weights.count)
                #expect(trainer.state.optimizer.second[n].logAlpha.count == net.params[n].logAlpha.count)
            }
        }
    }
}
