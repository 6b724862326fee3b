import Foundation
import Testing
@testable import MarvelCore

/// The convolution engine: im2col + SGEMM against a direct loop, BatchNorm's two modes, and
/// every gradient (filter gates included) against finite differences.
@Suite struct ConvKernelTests {
    @Test(arguments: [(3, 2, 1), (3, 1, 1), (5, 1, 2), (1, 2, 0), (1, 1, 0)])
    func im2colConvolutionMatchesTheDirectLoop(kernel: Int, stride: Int, padding: Int) throws {
        let input = TensorShape(channels: 3, height: 7, width: 7)
        var b = ConvNetworkBuilder(input: input, seed: 4)
        try b.conv(5, kernel: kernel, stride: stride, padding: padding, gated: false, relu: false)
        var net = ConvSupport.raw(b)
        net.params[1].bias = [0.5, -0.25, 0, 1, 2]
        let x = ConvSupport.gaussians(2 * input.count, seed: 8)
        let ws = ConvSupport.forward(&net, x, count: 2, training: true)
        let spec = try #require(net.nodes[1].conv)
        let out = net.nodes[1].shape
        for i in 0..<2 {
            let expected = ConvKernels.naive(Array(x[(i * input.count)..<((i + 1) * input.count)]), net.params[1].weights,
                                             spec: spec, inShape: input)
            for o in 0..<5 {
                for q in 0..<out.positions {
                    let got = ws.outputs[1].base[(o * 2 + i) * out.positions + q]
                    #expect(abs(got - (expected[o * out.positions + q] + net.params[1].bias[o])) < 1e-4)
                }
            }
        }
    }

    @Test(arguments: [(3, 1), (5, 2), (1, 0)])
    func sameSizeKernelsWriteWhatTheRowByRowKernelsWrite(kernel: Int, padding: Int) {
        // A 5×6 map (not square), examples 1 and 2 of a batch of 4: the one-copy-per-row im2col
        // and the one-addition-per-row col2im against the map-row-by-map-row kernels, bit for bit.
        let map = TensorShape(channels: 2, height: 5, width: 6)
        let spec = ConvSpec(inChannels: 2, outChannels: 3, kernel: kernel, padding: padding)
        #expect(ConvKernels.keepsMapSize(spec, inShape: map, outShape: map))
        let batch = 4, first = 1, group = 2
        let input = ConvSupport.gaussians(map.channels * batch * map.positions, seed: 3)
        let floats = spec.filterSize * group * map.positions
        var fast = [Float](repeating: .nan, count: floats), slow = fast
        input.withUnsafeBufferPointer { x in
            ConvKernels.im2col(x.baseAddress!, &fast, first: first, count: group, batch: batch, spec: spec, inShape: map, outShape: map)
            ConvKernels.im2colAnyShape(x.baseAddress!, &slow, first: first, count: group, batch: batch, spec: spec, inShape: map, outShape: map)
        }
        #expect(fast == slow)
        let cols = ConvSupport.gaussians(floats, seed: 5)
        var scratch = cols
        var added = ConvSupport.gaussians(input.count, seed: 9), expected = added
        ConvKernels.col2im(&scratch, &added, first: first, count: group, batch: batch, spec: spec, inShape: map, outShape: map)
        ConvKernels.col2imAnyShape(cols, &expected, first: first, count: group, batch: batch, spec: spec, inShape: map, outShape: map)
        #expect(added == expected)
    }

    @Test func batchNormNormalisesInTrainingAndUsesRunningStatisticsInEval() throws {
        let input = TensorShape(channels: 2, height: 5, width: 5)
        var b = ConvNetworkBuilder(input: input, seed: 2)
        try b.conv(3, kernel: 3, padding: 1, batchNorm: true, gated: false, relu: false)
        var net = ConvSupport.raw(b)
        let x = ConvSupport.gaussians(4 * input.count, seed: 5, scale: 3)
        let ws = ConvSupport.forward(&net, x, count: 4, training: true)
        let columns = 4 * 25
        for c in 0..<3 {
            let row = (0..<columns).map { Double(ws.outputs[1].base[c * columns + $0]) }
            let mean = row.reduce(0, +) / Double(columns)
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(columns)
            #expect(abs(mean) < 1e-4)
            #expect(abs(variance - 1) < 1e-3)
            // Running statistics moved a tenth of the way to the batch's (unbiased variance).
            let pre = (0..<columns).map { Double(ws.preActivations[1]!.base[c * columns + $0]) }
            let mu = pre.reduce(0, +) / Double(columns)
            let unbiased = pre.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / Double(columns - 1)
            #expect(abs(Double(net.params[1].runningMean[c]) - 0.1 * mu) < 1e-4)
            #expect(abs(Double(net.params[1].runningVariance[c]) - (0.9 + 0.1 * unbiased)) < 1e-3)
        }
        // Eval: γ (x − running mean) / √(running var + ε) + β, whatever the batch.
        net.params[1].runningMean = [0.5, -1, 2]
        net.params[1].runningVariance = [4, 0.25, 1]
        net.params[1].gamma = [2, 1, -1]
        net.params[1].beta = [0, 3, 0.5]
        let before = net.params[1]
        let evalWS = ConvSupport.forward(&net, x, count: 4, training: false)
        #expect(net.params[1] == before, "eval leaves the running statistics alone")
        for c in 0..<3 {
            for i in stride(from: 0, to: columns, by: 7) {
                let pre = evalWS.preActivations[1]!.base[c * columns + i]
                let want = before.gamma[c] * (pre - before.runningMean[c]) / (before.runningVariance[c] + 1e-5).squareRoot() + before.beta[c]
                #expect(abs(evalWS.outputs[1].base[c * columns + i] - want) < 1e-4)
            }
        }
    }

    @Test func closedGateZeroesTheChannelAfterBatchNorm() throws {
        var b = ConvNetworkBuilder(input: TensorShape(channels: 1, height: 4, width: 4), seed: 1)
        try b.conv(2, kernel: 3, padding: 1, batchNorm: true, relu: false)
        var net = ConvSupport.raw(b)
        net.params[1].beta = [5, 5]
        let ws = ConvSupport.forward(&net, ConvSupport.gaussians(32, seed: 3), count: 2, training: true, gates: [1: [0, 1]])
        for i in 0..<32 { #expect(ws.outputs[1].base[i] == 0, "β = 5 but the gate is closed") }
        #expect((32..<64).contains { ws.outputs[1].base[$0] != 0 })
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        var b = ConvNetworkBuilder(input: TensorShape(channels: 2, height: 6, width: 6), seed: 11)
        try b.conv(3, kernel: 3, padding: 1, batchNorm: true)
        try b.maxPool(2)
        try b.conv(4, kernel: 3, padding: 1)
        b.globalAvgPool()
        try b.dense(3, gated: false, relu: false)
        var net = try b.network(name: "fd")
        net.params[1].logAlpha = [0.3, -0.2, 0.5]
        net.params[3].logAlpha = [0.1, 0.4, -0.3, 0.2]
        net.params[3].bias = [0.1, -0.1, 0.2, 0.05]
        let x = ConvSupport.gaussians(4 * 72, seed: 6)
        let labels: [Int32] = [0, 2, 1, 2]
        let u: [Int: [Float]] = [1: [0.5, 0.6, 0.45], 3: [0.55, 0.5, 0.4, 0.6]]
        let (_, grads) = ConvSupport.lossAndGradients(net, x, labels: labels, u: u)
        let probes: [(Int, WritableKeyPath<ConvParams, [Float]>, Int)] = [
            (1, \.logAlpha, 0), (1, \.logAlpha, 2), (3, \.logAlpha, 1), (3, \.logAlpha, 3),
            (1, \.weights, 5), (1, \.gamma, 1), (1, \.beta, 2), (3, \.weights, 17), (3, \.bias, 2), (5, \.weights, 4), (5, \.bias, 1),
        ]
        for (n, path, i) in probes {
            let eps: Float = 1e-2
            var plus = net, minus = net
            plus.params[n][keyPath: path][i] += eps
            minus.params[n][keyPath: path][i] -= eps
            let lp = ConvSupport.lossAndGradients(plus, x, labels: labels, u: u).0
            let lm = ConvSupport.lossAndGradients(minus, x, labels: labels, u: u).0
            let numeric = (lp - lm) / Double(2 * eps)
            let analytic = Double(grads[n][keyPath: path][i])
            #expect(abs(numeric - analytic) <= 2e-3 + 0.03 * abs(numeric), "node \(n) \(path) [\(i)]: \(analytic) vs \(numeric)")
        }
    }

    /// The convolutions run group by group of examples (`ConvKernels.groupSize`); one example
    /// per group must compute what one group of the whole batch does: the same outputs, every
    /// node's gradient and every parameter's, up to the summation order of dW.
    @Test func groupsOfOneExampleComputeWhatTheWholeBatchDoes() throws {
        let net = try ConvSupport.residual()
        let b = 5
        let x = ConvSupport.gaussians(b * net.inputShape.count, seed: 21)
        let labels: [Int32] = [0, 2, 1, 2, 0]
        var u: [Int: [Float]] = [:]
        for n in net.gatedNodes { u[n] = (0..<net.nodes[n].shape.channels).map { Float(0.3 + 0.1 * Double($0 % 5)) } }
        let one = ConvSupport.lossGradientsAndWorkspace(net, x, labels: labels, u: u, groupFloats: 1)
        let whole = ConvSupport.lossGradientsAndWorkspace(net, x, labels: labels, u: u, groupFloats: .max)
        #expect(one.2.groupSize(try #require(net.nodes[2].conv), positions: net.nodes[2].shape.positions, batch: b) == 1)
        #expect(whole.2.groupSize(try #require(net.nodes[2].conv), positions: net.nodes[2].shape.positions, batch: b) == b)
        #expect(abs(one.0 - whole.0) < 1e-6)
        for n in 1..<net.nodes.count {
            let count = b * net.nodes[n].shape.count
            for i in 0..<count {
                let (a, c) = (one.2.outputs[n].base[i], whole.2.outputs[n].base[i])
                #expect(abs(a - c) <= 1e-5 * max(1, abs(c)), "node \(n) output [\(i)]: \(a) vs \(c)")
                let (ga, gc) = (one.2.gradients[n].base[i], whole.2.gradients[n].base[i])
                #expect(abs(ga - gc) <= 1e-5 * max(1, abs(gc)), "node \(n) gradient [\(i)]: \(ga) vs \(gc)")
            }
            for (name, path) in ConvParams.trainable {
                for (a, c) in zip(one.1[n][keyPath: path], whole.1[n][keyPath: path]) {
                    #expect(abs(a - c) <= 1e-5 * max(1, abs(c)), "node \(n) \(name): \(a) vs \(c)")
                }
            }
        }
    }
}
