import Foundation
import Testing
@testable import MarvelCore

/// Dynamic batch sizing on convolutional networks: ‖S‖₁ covers every convolution (the
/// weights each filter gate controls) and the dense layers, equals the per-example
/// definition, and the batch grows only within the memory cap of the pruned network.
@Suite struct ConvDynamicBatchTests {
    /// One 2×2 filter (bias, no gate) on two 1×2×3 maps, Δ chosen by hand:
    /// G₀ = 1·(1,2,4,5) − 1·(2,3,5,6) = (−1,−1,−1,−1), bias 0;
    /// G₁ = 2·(0,1,1,0) + 0.5·(1,0,0,1) = (0.5,2,2,0.5), bias 2.5;
    /// ḡ = (−0.5,1,1,−0.5 | 2.5); ‖S‖₁ = 2·(4 + 8.5 + 6.25) − (2.5 + 6.25) = 28.75
    /// (per parameter: variances 2.25, 9, 9, 2.25 and 6.25 of the bias).
    @Test func varianceOfOneConvolutionEqualsTheHandComputedValue() throws {
        var b = ConvNetworkBuilder(input: TensorShape(channels: 1, height: 2, width: 3), seed: 1)
        let n = try b.conv(1, kernel: 2, gated: false, relu: false)
        let net = ConvSupport.raw(b)
        let spec = try #require(net.nodes[n].conv)
        let source: [Float] = [1, 2, 3, 4, 5, 6, 0, 1, 0, 1, 0, 1]
        let delta: [Float] = [1, -1, 2, 0.5]
        var g = net.params[n].zeros
        g.weights = [-0.5, 1, 1, -0.5]
        g.bias = [2.5]
        for groupFloats in [ConvKernels.groupFloats, 1] {
            let ws = ConvWorkspace(network: net, capacity: 2, groupFloats: groupFloats)
            let l1 = source.withUnsafeBufferPointer { s in
                delta.withUnsafeBufferPointer { d in
                    ConvGradientVariance.l1(spec: spec, inShape: net.nodes[0].shape, outShape: net.nodes[n].shape,
                                            source: s.baseAddress!, delta: d.baseAddress!, batch: 2, gradient: g, ws: ws)
                }
            }
            #expect(abs(l1 - 28.75) < 1e-9, "groups of \(groupFloats) floats: \(l1)")
            #expect(abs(l1 - GradientVariance.l1(perExampleGradients: [[-2, -2, -2, -2, 0], [1, 4, 4, 1, 5]])) < 1e-9)
        }
    }

    /// A gated CNN without BN (3×3 convolutions, a strided one, a 1×1 convolution on a 4×4
    /// map, a gated dense layer, the logits): the batch step's ‖S‖₁ equals the variance of
    /// the gradients of one-example steps (same gates), over every weight and bias.
    @Test func stepVarianceEqualsThePerExampleDefinition() throws {
        var b = ConvNetworkBuilder(input: TensorShape(channels: 2, height: 8, width: 8), seed: 4, dropRate: 0.2)
        try b.conv(3, kernel: 3, padding: 1)
        try b.conv(4, kernel: 3, stride: 2, padding: 1)
        try b.conv(3, kernel: 1)
        try b.dense(5)
        try b.dense(3, gated: false, relu: false)
        let net = try b.network(name: "small")
        let count = 6
        let x = ConvSupport.gaussians(count * net.inputDimension, seed: 9)
        let labels: [Int32] = [0, 1, 2, 2, 1, 0]
        var u: [Int: [Float]] = [:]
        for n in net.gatedNodes { u[n] = (0..<net.nodes[n].shape.channels).map { Float($0 + 1) / Float(net.nodes[n].shape.channels + 2) } }
        // The first convolution's first filter is closed for the batch (u → 0 gives z = 0).
        u[net.gatedNodes[0]]?[0] = 1e-6

        var perExample: [[Double]] = []
        for i in 0..<count {
            let xi = Array(x[(i * net.inputDimension)..<((i + 1) * net.inputDimension)])
            let (_, grads) = ConvSupport.lossAndGradients(net, xi, labels: [labels[i]], u: u)
            perExample.append(grads.flatMap { $0.weights.map(Double.init) + $0.bias.map(Double.init) })
        }
        let expected = GradientVariance.l1(perExampleGradients: perExample)
        for groupFloats in [ConvKernels.groupFloats, 1] {
            let (_, grads, ws) = ConvSupport.lossGradientsAndWorkspace(net, x, labels: labels, u: u, groupFloats: groupFloats)
            var again = net.params.map(\.zeros)
            let l1 = ConvBackward.run(net, params: net.params, grads: &again, count: count, gatesTrain: true, variance: true, ws: ws)
            _ = grads
            #expect(expected > 0)
            #expect(abs(l1 - expected) <= 1e-4 * expected, "groups of \(groupFloats) floats: \(l1) vs \(expected)")
            // Only the ungated logits: what the variance covered before the convolutions counted.
            let logits = net.nodes.count - 1
            let onlyLogits = GradientVariance.l1(perExampleGradients: perExample.map { Array($0.suffix(net.params[logits].weights.count + 3)) })
            #expect(l1 > onlyLogits * 1.5, "the convolutions add to ‖S‖₁: \(l1) vs logits alone \(onlyLogits)")
        }
        // A filter closed for the batch has no per-example gradient: its weights add nothing.
        let closedWeights = perExample.map { Array($0[0..<net.params[net.gatedNodes[0]].filterWeights(0).count]) }
        #expect(GradientVariance.l1(perExampleGradients: closedWeights) == 0)
    }

    /// A network with no dense part but the logits: conv, pool, conv, pool, the logits on the
    /// flattened 8×3×3 map (the classes are quadrants: a global average pool would hide them).
    static func convOnly(seed: UInt64 = 2) throws -> ConvNetwork {
        var b = ConvNetworkBuilder(input: TensorShape(channels: 1, height: 28, width: 28), seed: seed, dropRate: 0.2)
        try b.conv(6, kernel: 3, stride: 2, padding: 1)
        try b.maxPool(2)
        try b.conv(8, kernel: 3, padding: 1)
        try b.maxPool(2)
        try b.dense(4, gated: false, relu: false)
        return try b.network(name: "conv-only")
    }

    /// α_bs 0: b ← b + ⌊‖S‖₁/F⌋ (this network has ~500 weights; ‖S‖₁/F is a few units a step).
    static func config(lambda: Double, budget: Int, epochs: Int = 3) -> DynHPConfig {
        DynHPConfig(mode: .dynhp, lambda: lambda, threshold: 0.5, alphaBS: 0, batchSize: 16, budgetBytes: budget,
                    epochs: epochs, seed: 3, learningRate: 0.02, gateLearningRate: 0.1, hiddenDropRate: 0.2)
    }

    /// With the budget at exactly the first batch, the batch can only grow when pruning frees
    /// memory: it stays at 16 while no filter closes (λ 0) and grows once filters are pruned
    /// (λ 3), never past the cap nor the budget.
    @Test func batchGrowsWhenFiltersArePrunedAndStaysWhenNot() throws {
        let net = try Self.convOnly()
        let memory = ConvMemoryModel(network: net, optimizerMoments: 2, dynamicBatch: true)
        let budget = memory.bytes(batch: 16) + memory.perExampleBytes / 2

        let kept = try ConvTrainer(network: net, config: Self.config(lambda: 0, budget: budget), data: ConvTrainerTests.data, runID: "k")
        while let report = kept.trainEpoch() {
            #expect(report.active == [6, 8], "λ 0: no filter closes")
            #expect(report.batchSize == 16, "nothing pruned, no memory freed: the batch stays")
        }

        let pruned = try ConvTrainer(network: net, config: Self.config(lambda: 3, budget: budget, epochs: 5), data: ConvTrainerTests.data, runID: "p")
        var batches: [Int] = []
        while let report = pruned.trainEpoch() {
            batches.append(report.batchSize)
            #expect(report.batchSize <= pruned.state.batch.cap)
            #expect(pruned.memoryModel.bytes(batch: report.batchSize) <= budget)
        }
        let filters = pruned.state.network.openFilters.reduce(0, +)
        #expect(filters < 14, "λ 3 prunes filters: \(pruned.state.network.openFilters)")
        #expect(batches.last ?? 0 > 16, "the freed memory lets the batch grow: \(batches)")
    }

    /// On the conv-only network (its one dense layer is the ungated classifier) the batch grows
    /// with a roomy budget, and a run stopped mid-epoch after it grew resumes bit-for-bit.
    @Test func batchGrowsOnAConvOnlyNetworkAndResumesBitForBit() throws {
        let net = try Self.convOnly()
        let config = Self.config(lambda: 1, budget: 256 << 20, epochs: 2)
        let straight = try ConvTrainer(network: net, config: config, data: ConvTrainerTests.data, runID: "s")
        while straight.trainEpoch() != nil {}
        #expect(straight.state.batch.size > 16, "‖S‖₁ of the convolutions grows the batch: \(straight.state.batch.size)")

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("conv-batch-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = ConvCheckpointStore(outputDirectory: dir)
        let first = try ConvTrainer(network: net, config: config, data: ConvTrainerTests.data, runID: "s")
        _ = first.trainEpoch()
        var steps = 0
        #expect(first.trainEpoch(shouldStop: { steps += 1; return steps > 1 }) == nil, "stopped mid-epoch")
        #expect(first.state.batch.size > 16, "stopped after the batch grew")
        try store.save(first.state)
        let resumed = try ConvTrainer(state: try store.load(), data: ConvTrainerTests.data)
        while resumed.trainEpoch() != nil {}
        #expect(resumed.state == straight.state)
    }
}

private extension ConvParams {
    /// The weights of filter `c` (a row of the out × in·k·k matrix).
    func filterWeights(_ c: Int) -> ArraySlice<Float> {
        let size = weights.count / max(1, bias.count + gamma.count)
        return weights[(c * size)..<((c + 1) * size)]
    }
}
