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
                out.update(from: ws.outputs[node.inputs[0]].base, count: total)
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

    /// Convolution (GEMM on im2col), bias or BatchNorm, gate, ReLU.
    private static func conv(_ n: Int, _ spec: ConvSpec, _ network: ConvNetwork, _ p: inout ConvParams, _ b: Int,
                             _ training: Bool, _ ws: ConvWorkspace) {
        let node = network.nodes[n], inputNode = node.inputs[0]
        let inShape = network.nodes[inputNode].shape
        let positions = node.shape.positions, columns = b * positions
        guard let pre = ws.preActivations[n]?.base else { return }
        let out = ws.outputs[n].base
        let source = ws.outputs[inputNode].base
        let cols: UnsafePointer<Float>
        if ConvWorkspace.isPointwise(spec) {
            cols = UnsafePointer(source)
        } else {
            ConvKernels.im2col(source, ws.cols.base, batch: b, spec: spec, inShape: inShape, outShape: node.shape)
            cols = UnsafePointer(ws.cols.base)
        }
        p.weights.withUnsafeBufferPointer { w in
            ConvKernels.gemmForward(w.baseAddress!, cols, pre, outChannels: spec.outChannels, filterSize: spec.filterSize, columns: columns)
        }
        for c in 0..<spec.outChannels where !p.bias.isEmpty {
            let bias = p.bias[c], row = pre + c * columns
            for i in 0..<columns { row[i] += bias }
        }
        if spec.batchNorm {
            batchNorm(n, spec.outChannels, columns, pre, out, &p, training, ws)
        } else {
            out.update(from: pre, count: spec.outChannels * columns)
        }
        if spec.gated {
            for c in 0..<spec.outChannels {
                let z = ws.gates[n][c], row = out + c * columns
                if z != 1 { for i in 0..<columns { row[i] *= z } }
            }
        }
        if spec.relu {
            for i in 0..<(spec.outChannels * columns) where out[i] < 0 { out[i] = 0 }
        }
    }

    /// out = γ (x − μ) / √(σ² + ε) + β per channel (batch statistics while training, which
    /// also move the running ones: r ← (1 − m) r + m · batch, the variance unbiased).
    private static func batchNorm(_ n: Int, _ channels: Int, _ columns: Int, _ pre: UnsafeMutablePointer<Float>,
                                  _ out: UnsafeMutablePointer<Float>, _ p: inout ConvParams, _ training: Bool, _ ws: ConvWorkspace) {
        let m = batchNormMomentum
        for c in 0..<channels {
            let row = pre + c * columns, dst = out + c * columns
            var mean: Float, invStd: Float
            if training {
                var sum = 0.0, squares = 0.0
                for i in 0..<columns { sum += Double(row[i]) }
                let mu = sum / Double(columns)
                for i in 0..<columns {
                    let d = Double(row[i]) - mu
                    squares += d * d
                }
                let variance = squares / Double(columns)
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
            let scale = p.gamma[c] * invStd, shift = p.beta[c] - mean * scale
            for i in 0..<columns { dst[i] = row[i] * scale + shift }
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
