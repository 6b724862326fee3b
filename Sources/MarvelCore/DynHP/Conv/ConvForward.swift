import CBLAS
import Foundation

/// The forward pass of a convolutional network over a batch held in a `ConvWorkspace`.
/// Training mode normalises with the batch's statistics and updates BN's running ones;
/// evaluation mode uses the running statistics. Gates are whatever `ws.gates` holds
/// (samples while training, test-time gates × mask when evaluating).
enum ConvForward {
    /// BatchNorm's ε and the momentum of its running statistics (PyTorch's defaults).
    static let batchNormEpsilon: Float = 1e-5
    static let batchNormMomentum: Float = 0.1

    /// Transposes `b` NCHW examples (rows of `features` picked by `rows`) into node 0's output.
    static func load(_ features: UnsafePointer<Float>, rows: (Int) -> Int, count b: Int, shape: TensorShape, into ws: ConvWorkspace) {
        let out = ws.outputs[0].base, p = shape.positions, c = shape.channels
        for i in 0..<b {
            let src = features + rows(i) * shape.count
            for ch in 0..<c { (out + (ch * b + i) * p).update(from: src + ch * p, count: p) }
        }
    }

    /// Runs every node after the input; the logits end up in the last node's output (classes × B).
    static func run(_ network: ConvNetwork, params: inout [ConvParams], count b: Int, training: Bool, ws: ConvWorkspace) {
        for n in 1..<network.nodes.count {
            let node = network.nodes[n]
            let out = ws.outputs[n].base
            let total = b * node.shape.count
            switch node.op {
            case .input: break
            case .conv(let spec):
                conv(n, spec, network, &params[n], b, training, ws)
            case .maxPool(let k, let s), .avgPool(let k, let s):
                var isMax = false
                if case .maxPool = node.op { isMax = true }
                let input = network.nodes[node.inputs[0]].shape
                pool(ws.outputs[node.inputs[0]].base, out, maps: input.channels * b, input, node.shape, k, s, isMax)
            case .globalAvgPool:
                let input = network.nodes[node.inputs[0]].shape, src = ws.outputs[node.inputs[0]].base
                let p = input.positions, scale = 1 / Float(p)
                for m in 0..<(input.channels * b) {
                    var sum: Float = 0
                    for q in 0..<p { sum += src[m * p + q] }
                    out[m] = sum * scale
                }
            case .flatten:
                let input = network.nodes[node.inputs[0]].shape, src = ws.outputs[node.inputs[0]].base
                let p = input.positions
                for c in 0..<input.channels {
                    for i in 0..<b {
                        for q in 0..<p { out[(c * p + q) * b + i] = src[(c * b + i) * p + q] }
                    }
                }
            case .add(let relu):
                let first = ws.outputs[node.inputs[0]].base
                if node.inputs.count == 2 {
                    // The residual block's case in one pass.
                    let second = ws.outputs[node.inputs[1]].base
                    if relu {
                        for i in 0..<total { let v = first[i] + second[i]; out[i] = v < 0 ? 0 : v }
                    } else {
                        for i in 0..<total { out[i] = first[i] + second[i] }
                    }
                    break
                }
                out.update(from: first, count: total)
                for other in node.inputs.dropFirst() {
                    let src = ws.outputs[other].base
                    for i in 0..<total { out[i] += src[i] }
                }
                if relu { for i in 0..<total where out[i] < 0 { out[i] = 0 } }
            case .relu:
                let src = ws.outputs[node.inputs[0]].base
                for i in 0..<total { out[i] = max(0, src[i]) }
            case .concat:
                // Channel-major buffers (C × B × H × W): each input is one block of the output.
                var at = out
                for input in node.inputs {
                    let count = b * network.nodes[input].shape.count
                    at.update(from: ws.outputs[input].base, count: count)
                    at += count
                }
            }
        }
    }

    /// Convolution (GEMM on im2col, group by group), then bias or BatchNorm, gate and ReLU in
    /// one pass over each channel.
    private static func conv(_ n: Int, _ spec: ConvSpec, _ network: ConvNetwork, _ p: inout ConvParams, _ b: Int,
                             _ training: Bool, _ ws: ConvWorkspace) {
        let node = network.nodes[n], inputNode = node.inputs[0]
        let inShape = network.nodes[inputNode].shape
        let positions = node.shape.positions, columns = b * positions
        guard let pre = ws.preActivations[n]?.base else { return }
        let out = ws.outputs[n].base
        let source = ws.outputs[inputNode].base
        let k = spec.filterSize, channels = spec.outChannels
        p.weights.withUnsafeBufferPointer { w in
            guard let weights = w.baseAddress else { return }
            if ConvWorkspace.isPointwise(spec) {
                ConvKernels.gemm(weights, lda: k, source, ldb: columns, pre, ldc: columns, m: channels, n: columns, k: k, beta: 0)
                return
            }
            ws.forEachIm2colGroup(spec, source: source, batch: b, inShape: inShape, outShape: node.shape) { first, g, cols in
                ConvKernels.gemm(weights, lda: k, cols, ldb: g * positions, pre + first * positions, ldc: columns,
                                 m: channels, n: g * positions, k: k, beta: 0)
            }
        }
        if spec.batchNorm { batchNormStatistics(n, channels, columns, pre, &p, training, ws) }
        for c in 0..<channels {
            let row = pre + c * columns, dst = out + c * columns
            let z: Float = spec.gated ? ws.gates[n][c] : 1
            if spec.batchNorm {
                let scale = p.gamma[c] * ws.batchInvStd[n][c], shift = p.beta[c] - ws.batchMean[n][c] * scale
                normalise(row, dst, columns, scale: scale, shift: shift, gate: z, relu: spec.relu)
            } else {
                biasGate(row, dst, columns, bias: p.bias.isEmpty ? nil : p.bias[c], gate: z, relu: spec.relu)
            }
        }
    }

    /// dst = relu?((x · scale + shift) · z) over one channel (the multiplications as BN, then the gate).
    @inline(__always)
    private static func normalise(_ x: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ count: Int,
                                  scale: Float, shift: Float, gate z: Float, relu: Bool) {
        switch (z != 1, relu) {
        case (true, true): for i in 0..<count { let v = (x[i] * scale + shift) * z; dst[i] = v < 0 ? 0 : v }
        case (true, false): for i in 0..<count { dst[i] = (x[i] * scale + shift) * z }
        case (false, true): for i in 0..<count { let v = x[i] * scale + shift; dst[i] = v < 0 ? 0 : v }
        case (false, false): for i in 0..<count { dst[i] = x[i] * scale + shift }
        }
    }

    /// x += bias (x is the pre-activation, kept for the backward pass); dst = relu?(x · z).
    @inline(__always)
    private static func biasGate(_ x: UnsafeMutablePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ count: Int,
                                 bias: Float?, gate z: Float, relu: Bool) {
        if let bias { for i in 0..<count { x[i] += bias } }
        switch (z != 1, relu) {
        case (true, true): for i in 0..<count { let v = x[i] * z; dst[i] = v < 0 ? 0 : v }
        case (true, false): for i in 0..<count { dst[i] = x[i] * z }
        case (false, true): for i in 0..<count { let v = x[i]; dst[i] = v < 0 ? 0 : v }
        case (false, false): dst.update(from: x, count: count)
        }
    }

    /// BatchNorm's per-channel mean and 1/√(σ² + ε) into `ws` (batch statistics while
    /// training, which also move the running ones: r ← (1 − m) r + m · batch, the variance
    /// unbiased; the running ones in evaluation). The normalisation itself is γ (x − μ) / √(σ² + ε) + β.
    private static func batchNormStatistics(_ n: Int, _ channels: Int, _ columns: Int, _ pre: UnsafeMutablePointer<Float>,
                                            _ p: inout ConvParams, _ training: Bool, _ ws: ConvWorkspace) {
        let m = batchNormMomentum
        for c in 0..<channels {
            let row = pre + c * columns
            var mean: Float, invStd: Float
            if training {
                let (mu, variance) = ConvReductions.meanAndVariance(row, columns)
                mean = Float(mu)
                invStd = Float(1 / (variance + Double(batchNormEpsilon)).squareRoot())
                let unbiased = columns > 1 ? variance * Double(columns) / Double(columns - 1) : variance
                p.runningMean[c] = (1 - m) * p.runningMean[c] + m * mean
                p.runningVariance[c] = (1 - m) * p.runningVariance[c] + m * Float(unbiased)
            } else {
                mean = p.runningMean[c]
                invStd = 1 / (p.runningVariance[c] + batchNormEpsilon).squareRoot()
            }
            ws.batchMean[n][c] = mean
            ws.batchInvStd[n][c] = invStd
        }
    }

    /// Max or average pooling of `maps` maps (no padding).
    private static func pool(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, maps: Int, _ inShape: TensorShape,
                             _ outShape: TensorShape, _ k: Int, _ s: Int, _ isMax: Bool) {
        let h = inShape.height, w = inShape.width, ho = outShape.height, wo = outShape.width
        let scale = 1 / Float(k * k)
        for m in 0..<maps {
            let map = src + m * h * w, o = dst + m * ho * wo
            for oy in 0..<ho {
                for ox in 0..<wo {
                    var acc: Float = isMax ? -.infinity : 0
                    for ky in 0..<k {
                        let line = map + (oy * s + ky) * w + ox * s
                        for kx in 0..<k { acc = isMax ? max(acc, line[kx]) : acc + line[kx] }
                    }
                    o[oy * wo + ox] = isMax ? acc : acc * scale
                }
            }
        }
    }
}
