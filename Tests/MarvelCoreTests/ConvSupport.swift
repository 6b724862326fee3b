@testable import MarvelCore

/// Helpers of the convolutional DynHP tests: small networks, random inputs, one training
/// forward/backward with fixed gates.
enum ConvSupport {
    static func gaussians(_ count: Int, seed: UInt64, scale: Double = 1) -> [Float] {
        var rng = Xoshiro256(seed: seed)
        return (0..<count).map { _ in Float(rng.nextGaussian() * scale) }
    }

    /// A network straight from a builder (no check that the last node is the logits).
    static func raw(_ b: ConvNetworkBuilder, name: String = "test") -> ConvNetwork {
        ConvNetwork(name: name, nodes: b.nodes, params: b.params, initialFilters: [:], initialParameterCount: 0)
    }

    /// Runs a training-mode forward of NCHW `x` (b examples); returns the workspace.
    static func forward(_ net: inout ConvNetwork, _ x: [Float], count b: Int, training: Bool,
                        gates: [Int: [Float]] = [:]) -> ConvWorkspace {
        let ws = ConvWorkspace(network: net, capacity: b)
        for (n, z) in gates { ws.gates[n] = z }
        x.withUnsafeBufferPointer { ConvForward.loadInputs($0.baseAddress!, rows: { $0 }, count: b, network: net, into: ws) }
        ConvForward.run(net, params: &net.params, count: b, training: training, ws: ws)
        return ws
    }

    /// Loss and parameter gradients of a training step with gates sampled from fixed `u`.
    /// `groupFloats`: the im2col group limit (1: one example per group).
    static func lossAndGradients(_ network: ConvNetwork, _ x: [Float], labels: [Int32], u: [Int: [Float]],
                                 groupFloats: Int = ConvKernels.groupFloats) -> (Double, [ConvParams]) {
        let step = lossGradientsAndWorkspace(network, x, labels: labels, u: u, groupFloats: groupFloats)
        return (step.0, step.1)
    }

    /// Loss, parameter gradients, and the workspace (every node's output and gradient) of a cross-entropy step.
    static func lossGradientsAndWorkspace(_ network: ConvNetwork, _ x: [Float], labels: [Int32], u: [Int: [Float]],
                                          groupFloats: Int) -> (Double, [ConvParams], ConvWorkspace) {
        lossGradientsAndWorkspace(network, x, count: labels.count, u: u, groupFloats: groupFloats) { ws, net in
            for i in 0..<labels.count { ws.labels[i] = labels[i] }
            return ConvLoss.softmaxCrossEntropy(ws, network: net, count: labels.count).0
        }
    }

    /// The same with the mean squared error against `targets` (count × output values).
    static func mseLossAndGradients(_ network: ConvNetwork, _ x: [Float], targets: [Float], u: [Int: [Float]]) -> (Double, [ConvParams]) {
        let d = network.outputShape.count, b = targets.count / d
        let step = lossGradientsAndWorkspace(network, x, count: b, u: u, groupFloats: ConvKernels.groupFloats) { ws, net in
            targets.withUnsafeBufferPointer { t in ConvLoss.meanSquaredError(ws, network: net, count: b) { t.baseAddress! + $0 * d }.squared }
        }
        return (step.0, step.1)
    }

    static func lossGradientsAndWorkspace(_ network: ConvNetwork, _ x: [Float], count b: Int, u: [Int: [Float]], groupFloats: Int,
                                          loss: (ConvWorkspace, ConvNetwork) -> Double) -> (Double, [ConvParams], ConvWorkspace) {
        var net = network
        let ws = ConvWorkspace(network: net, capacity: b, groupFloats: groupFloats)
        for (n, draws) in u {
            let la = net.params[n].logAlpha
            for c in la.indices {
                let s = HardConcrete.trainSampleWithSlope(logAlpha: la[c], u: draws[c])
                ws.gates[n][c] = s.gate
                ws.slopes[n][c] = s.slope
            }
        }
        x.withUnsafeBufferPointer { ConvForward.loadInputs($0.baseAddress!, rows: { $0 }, count: b, network: net, into: ws) }
        ConvForward.run(net, params: &net.params, count: b, training: true, ws: ws)
        let loss = loss(ws, net)
        var grads = net.params.map(\.zeros)
        _ = ConvBackward.run(net, params: net.params, grads: &grads, count: b, gatesTrain: true, variance: false, ws: ws)
        return (loss, grads, ws)
    }

    /// A small two-input network with a concatenation and a map output (mean squared error):
    /// input A 2×6×6 (node 0), input B 1×6×6 (node 1); 2 conv 3 BN on A; 3 conv 2 (bias) on B;
    /// 4 concat (5×6×6); 5 conv 3 BN; 6 max-pool (3×3×3); 7 conv 1×1 ungated output (1×3×3).
    static func twoInputConcat(seed: UInt64 = 5) throws -> ConvNetwork {
        var b = ConvNetworkBuilder(input: TensorShape(channels: 2, height: 6, width: 6), seed: seed)
        let audio = b.input(TensorShape(channels: 1, height: 6, width: 6))
        let video = try b.conv(3, kernel: 3, padding: 1, batchNorm: true, from: 0)
        let sound = try b.conv(2, kernel: 3, padding: 1, from: audio)
        try b.concat([video, sound])
        try b.conv(3, kernel: 3, padding: 1, batchNorm: true)
        try b.maxPool(2)
        try b.conv(1, kernel: 1, gated: false, relu: false)
        return try b.network(name: "two-input", loss: .meanSquaredError)
    }

    /// A small residual network: stem, an identity block, a strided block with a gated 1×1
    /// projection, max-pool, a gated dense layer and the logits. Node numbers:
    /// 1 stem, 2–3 block convs, 4 add, 5–6 block convs, 7 projection, 8 add, 9 pool,
    /// 10 flatten, 11 dense, 12 logits.
    static func residual(seed: UInt64 = 3) throws -> ConvNetwork {
        var b = ConvNetworkBuilder(input: TensorShape(channels: 3, height: 8, width: 8), seed: seed)
        let stem = try b.conv(4, kernel: 3, padding: 1, batchNorm: true)
        try b.conv(4, kernel: 3, padding: 1, batchNorm: true)
        let second = try b.conv(4, kernel: 3, padding: 1, batchNorm: true, relu: false)
        let sum = try b.add([second, stem])
        try b.conv(6, kernel: 3, stride: 2, padding: 1, batchNorm: true, from: sum)
        let d = try b.conv(6, kernel: 3, padding: 1, batchNorm: true, relu: false)
        let projection = try b.conv(6, kernel: 1, stride: 2, batchNorm: true, relu: false, from: sum)
        try b.add([d, projection])
        try b.maxPool(2)
        try b.dense(5)
        try b.dense(3, gated: false, relu: false)
        return try b.network(name: "residual")
    }
}
