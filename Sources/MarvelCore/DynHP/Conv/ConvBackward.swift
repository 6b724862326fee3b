import CBLAS
import Foundation

/// The backward pass matching `ConvForward.run` in training mode. The last node's gradient
/// buffer must hold d(mean loss)/d(logits) (classes × B); every node's gradient is then
/// accumulated from its consumers, in reverse order, and the parameters' gradients land in
/// `grads` (overwritten). With `gatesTrain` false log_alpha's gradient stays 0.
enum ConvBackward {
    /// Returns ‖S‖₁, the L1 norm of the per-example gradients' variance, summed over the dense
    /// layers (1×1 convolutions on 1×1 maps), where it is exact without per-example passes
    /// (`GradientVariance`); 0 unless `variance`.
    static func run(_ network: ConvNetwork, params: [ConvParams], grads: inout [ConvParams], count b: Int,
                    gatesTrain: Bool, variance: Bool, ws: ConvWorkspace) -> Double {
        let last = network.nodes.count - 1
        for n in 1..<last { ws.gradients[n].base.update(repeating: 0, count: b * network.nodes[n].shape.count) }
        var varianceL1 = 0.0
        for n in stride(from: last, through: 1, by: -1) {
            let node = network.nodes[n]
            let d = ws.gradients[n].base, out = ws.outputs[n].base
            let total = b * node.shape.count
            switch node.op {
            case .input: break
            case .conv(let spec):
                varianceL1 += conv(n, spec, network, params[n], &grads[n], b, gatesTrain, variance, ws)
            case .maxPool(let k, let s), .avgPool(let k, let s):
                var isMax = false
                if case .maxPool = node.op { isMax = true }
                let input = node.inputs[0], inShape = network.nodes[input].shape
                poolBackward(ws.outputs[input].base, ws.gradients[input].base, d, maps: inShape.channels * b,
                             inShape, node.shape, k, s, isMax)
            case .globalAvgPool:
                let input = node.inputs[0], inShape = network.nodes[input].shape
                let g = ws.gradients[input].base, p = inShape.positions, scale = 1 / Float(p)
                for m in 0..<(inShape.channels * b) {
                    let v = d[m] * scale
                    for q in 0..<p { g[m * p + q] += v }
                }
            case .flatten:
                let input = node.inputs[0], inShape = network.nodes[input].shape
                let g = ws.gradients[input].base, p = inShape.positions
                for c in 0..<inShape.channels {
                    for i in 0..<b {
                        for q in 0..<p { g[(c * b + i) * p + q] += d[(c * p + q) * b + i] }
                    }
                }
            case .add(let relu):
                if relu { for i in 0..<total where out[i] <= 0 { d[i] = 0 } }
                for input in node.inputs where network.nodes[input].op != .input {
                    let g = ws.gradients[input].base
                    for i in 0..<total { g[i] += d[i] }
                }
            case .relu:
                let input = node.inputs[0]
                guard network.nodes[input].op != .input else { continue }
                let g = ws.gradients[input].base
                for i in 0..<total where out[i] > 0 { g[i] += d[i] }
            case .concat:
                var at = UnsafePointer(d)
                for input in node.inputs {
                    let count = b * network.nodes[input].shape.count
                    defer { at += count }
                    guard network.nodes[input].op != .input else { continue }
                    let g = ws.gradients[input].base
                    for i in 0..<count { g[i] += at[i] }
                }
            }
        }
        return varianceL1
    }

    /// ReLU, gate (dz_c = Σ a·d, dlog_alpha = dz·slope), BN or bias, then dW = Δ colsᵀ and
    /// d(input) += col2im(Wᵀ Δ).
    private static func conv(_ n: Int, _ spec: ConvSpec, _ network: ConvNetwork, _ p: ConvParams, _ g: inout ConvParams,
                             _ b: Int, _ gatesTrain: Bool, _ variance: Bool, _ ws: ConvWorkspace) -> Double {
        let node = network.nodes[n], input = node.inputs[0]
        let inShape = network.nodes[input].shape
        let columns = b * node.shape.positions, channels = spec.outChannels
        let d = ws.gradients[n].base, out = ws.outputs[n].base
        guard let pre = ws.preActivations[n]?.base else { return 0 }
        if spec.relu { for i in 0..<(channels * columns) where out[i] <= 0 { d[i] = 0 } }
        if spec.gated {
            for c in 0..<channels {
                let row = d + c * columns, x = pre + c * columns
                let z = ws.gates[n][c]
                if gatesTrain && ws.slopes[n][c] != 0 {
                    // a: the value the gate multiplied (BN's output, or the biased convolution).
                    var dz: Float = 0
                    if spec.batchNorm {
                        let scale = p.gamma[c] * ws.batchInvStd[n][c], shift = p.beta[c] - ws.batchMean[n][c] * scale
                        for i in 0..<columns { dz += (x[i] * scale + shift) * row[i] }
                    } else {
                        for i in 0..<columns { dz += x[i] * row[i] }
                    }
                    g.logAlpha[c] = dz * ws.slopes[n][c]
                } else {
                    g.logAlpha[c] = 0
                }
                if z != 1 { for i in 0..<columns { row[i] *= z } }
            }
        }
        if spec.batchNorm {
            let scaleN = 1 / Float(columns)
            for c in 0..<channels {
                let row = d + c * columns, x = pre + c * columns
                let mean = ws.batchMean[n][c], invStd = ws.batchInvStd[n][c], gamma = p.gamma[c]
                var sumD: Float = 0, sumDX: Float = 0
                for i in 0..<columns {
                    let xhat = (x[i] - mean) * invStd
                    sumD += row[i]
                    sumDX += row[i] * xhat
                }
                g.gamma[c] = sumDX
                g.beta[c] = sumD
                let meanD = sumD * scaleN, meanDX = sumDX * scaleN, k = gamma * invStd
                for i in 0..<columns {
                    let xhat = (x[i] - mean) * invStd
                    row[i] = k * (row[i] - meanD - xhat * meanDX)
                }
            }
        } else {
            for c in 0..<channels {
                let row = d + c * columns
                var sum: Float = 0
                for i in 0..<columns { sum += row[i] }
                g.bias[c] = sum
            }
        }
        let source = ws.outputs[input].base
        let pointwise = ConvWorkspace.isPointwise(spec)
        let cols: UnsafeMutablePointer<Float>
        if pointwise {
            cols = source
        } else {
            ConvKernels.im2col(source, ws.cols.base, batch: b, spec: spec, inShape: inShape, outShape: node.shape)
            cols = ws.cols.base
        }
        let k = spec.filterSize
        g.weights.withUnsafeMutableBufferPointer { gw in
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(channels), Int32(k), Int32(columns),
                        1, d, Int32(columns), cols, Int32(columns), 0, gw.baseAddress, Int32(k))
        }
        var varianceL1 = 0.0
        if variance && node.shape.positions == 1 && pointwise {
            varianceL1 = denseVariance(source, d, inputs: k, outputs: channels, b, g)
        }
        guard network.nodes[input].op != .input else { return varianceL1 }
        let target = pointwise ? ws.gradients[input].base : ws.cols.base
        p.weights.withUnsafeBufferPointer { w in
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(k), Int32(columns), Int32(channels),
                        1, w.baseAddress, Int32(k), d, Int32(columns), pointwise ? 1 : 0, target, Int32(columns))
        }
        if !pointwise {
            ConvKernels.col2im(ws.cols.base, ws.gradients[input].base, batch: b, spec: spec, inShape: inShape, outShape: node.shape)
        }
        return varianceL1
    }

    /// ‖S‖₁ of a dense layer: B Σ_i (‖a_i‖² + 1) ‖δ_i‖² − ‖ḡ‖² (see `GradientVariance`).
    private static func denseVariance(_ a: UnsafePointer<Float>, _ d: UnsafePointer<Float>, inputs: Int, outputs: Int,
                                      _ b: Int, _ g: ConvParams) -> Double {
        var meanSquares = 0.0
        for v in g.weights { meanSquares += Double(v * v) }
        for v in g.bias { meanSquares += Double(v * v) }
        var second = 0.0
        for i in 0..<b {
            var an = 0.0, dn = 0.0
            for j in 0..<inputs { an += Double(a[j * b + i] * a[j * b + i]) }
            for o in 0..<outputs { dn += Double(d[o * b + i] * d[o * b + i]) }
            second += (an + 1) * dn
        }
        return max(0, Double(b) * second - meanSquares)
    }

    private static func poolBackward(_ src: UnsafePointer<Float>, _ g: UnsafeMutablePointer<Float>, _ d: UnsafePointer<Float>,
                                     maps: Int, _ inShape: TensorShape, _ outShape: TensorShape, _ k: Int, _ s: Int, _ isMax: Bool) {
        let h = inShape.height, w = inShape.width, ho = outShape.height, wo = outShape.width
        let scale = 1 / Float(k * k)
        for m in 0..<maps {
            let map = src + m * h * w, gm = g + m * h * w, dm = d + m * ho * wo
            for oy in 0..<ho {
                for ox in 0..<wo {
                    let v = dm[oy * wo + ox]
                    if isMax {
                        var best = (oy * s) * w + ox * s
                        for ky in 0..<k {
                            for kx in 0..<k {
                                let at = (oy * s + ky) * w + ox * s + kx
                                if map[at] > map[best] { best = at }
                            }
                        }
                        gm[best] += v
                    } else {
                        for ky in 0..<k {
                            for kx in 0..<k { gm[(oy * s + ky) * w + ox * s + kx] += v * scale }
                        }
                    }
                }
            }
        }
    }
}
