import CBLAS
import Foundation

/// The backward pass matching `ConvForward.run` in training mode. The last node's gradient
/// buffer must hold d(mean loss)/d(logits) (classes × B); every node's gradient is then
/// accumulated from its consumers, in reverse order, and the parameters' gradients land in
/// `grads` (overwritten). With `gatesTrain` false log_alpha's gradient stays 0.
enum ConvBackward {
    /// Returns ‖S‖₁, the L1 norm of the per-example gradients' variance, summed over every
    /// convolution and dense layer (`ConvGradientVariance`); 0 unless `variance`.
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
                if relu { zeroWhereInactive(d, out, total) }
                for input in node.inputs where network.nodes[input].op != .input {
                    let g = ws.gradients[input].base
                    for i in 0..<total { g[i] += d[i] }
                }
            case .relu:
                let input = node.inputs[0]
                guard network.nodes[input].op != .input else { continue }
                let g = ws.gradients[input].base
                addWhereActive(d, out, into: g, total)
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

    /// Per channel (one pass while it is in cache): ReLU, gate (dz_c = Σ a·d,
    /// dlog_alpha = dz·slope), BN or bias; then, group by group of examples, dW += Δ colsᵀ and
    /// d(input) += col2im(Wᵀ Δ).
    private static func conv(_ n: Int, _ spec: ConvSpec, _ network: ConvNetwork, _ p: ConvParams, _ g: inout ConvParams,
                             _ b: Int, _ gatesTrain: Bool, _ variance: Bool, _ ws: ConvWorkspace) -> Double {
        let node = network.nodes[n], input = node.inputs[0]
        let inShape = network.nodes[input].shape
        let positions = node.shape.positions, columns = b * positions, channels = spec.outChannels
        let d = ws.gradients[n].base, out = ws.outputs[n].base
        guard let pre = ws.preActivations[n]?.base else { return 0 }
        let scaleN = 1 / Float(columns)
        for c in 0..<channels {
            let row = d + c * columns, x = pre + c * columns
            // a: the value the gate multiplied (BN's output, or the biased convolution) = x·scale + shift.
            var scale: Float = 1, shift: Float = 0, mean: Float = 0, invStd: Float = 1
            if spec.batchNorm {
                mean = ws.batchMean[n][c]
                invStd = ws.batchInvStd[n][c]
                scale = p.gamma[c] * invStd
                shift = p.beta[c] - mean * scale
            }
            let z: Float = spec.gated ? ws.gates[n][c] : 1
            let sums = ConvReductions.channelGradient(row, activation: spec.relu ? UnsafePointer(out + c * columns) : nil, x, columns,
                                                      gate: z, scale: scale, shift: shift, mean: mean, invStd: invStd)
            if spec.gated { g.logAlpha[c] = gatesTrain && ws.slopes[n][c] != 0 ? sums.gateDot * ws.slopes[n][c] : 0 }
            if spec.batchNorm {
                g.gamma[c] = sums.sumDX
                g.beta[c] = sums.sumD
                let meanD = sums.sumD * scaleN, meanDX = sums.sumDX * scaleN, k = p.gamma[c] * invStd
                for i in 0..<columns {
                    let xhat = (x[i] - mean) * invStd
                    row[i] = k * (row[i] - meanD - xhat * meanDX)
                }
            } else {
                g.bias[c] = sums.sumD
            }
        }
        let source = ws.outputs[input].base
        let pointwise = ConvWorkspace.isPointwise(spec)
        let k = spec.filterSize
        let target = ws.gradients[input].base
        let propagates = network.nodes[input].op != .input
        g.weights.withUnsafeMutableBufferPointer { gw in
            p.weights.withUnsafeBufferPointer { w in
                guard let dW = gw.baseAddress, let weights = w.baseAddress else { return }
                if pointwise {
                    ConvKernels.gemm(d, lda: columns, source, ldb: columns, transposeB: true, dW, ldc: k,
                                     m: channels, n: k, k: columns, beta: 0)
                    if propagates {
                        ConvKernels.gemm(weights, lda: k, transposeA: true, d, ldb: columns, target, ldc: columns,
                                         m: k, n: columns, k: channels, beta: 1)
                    }
                    return
                }
                ws.forEachIm2colGroup(spec, source: source, batch: b, inShape: inShape, outShape: node.shape) { first, count, cols in
                    let width = count * positions
                    let delta = d + first * positions
                    ConvKernels.gemm(delta, lda: columns, cols, ldb: width, transposeB: true, dW, ldc: k,
                                     m: channels, n: k, k: width, beta: first == 0 ? 0 : 1)
                    if propagates {
                        ConvKernels.gemm(weights, lda: k, transposeA: true, delta, ldb: columns, cols, ldc: width,
                                         m: k, n: width, k: channels, beta: 0)
                        ConvKernels.col2im(cols, target, first: first, count: count, batch: b, spec: spec, inShape: inShape, outShape: node.shape)
                    }
                }
            }
        }
        guard variance else { return 0 }
        return ConvGradientVariance.l1(spec: spec, inShape: inShape, outShape: node.shape, source: source, delta: d,
                                       batch: b, gradient: g, ws: ws)
    }

    /// d = 0 where ReLU's output is ≤ 0, eight floats at a time (a plain loop compiles to a
    /// branch per element).
    @inline(__always)
    private static func zeroWhereInactive(_ d: UnsafeMutablePointer<Float>, _ out: UnsafePointer<Float>, _ count: Int) {
        var i = 0
        while i + 8 <= count {
            var v = UnsafeRawPointer(d + i).loadUnaligned(as: SIMD8<Float>.self)
            v.replace(with: 0, where: UnsafeRawPointer(out + i).loadUnaligned(as: SIMD8<Float>.self) .<= 0)
            UnsafeMutableRawPointer(d + i).storeBytes(of: v, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { if out[i] <= 0 { d[i] = 0 }; i += 1 }
    }

    /// g += d where ReLU's output is > 0 (its gradient), eight floats at a time.
    @inline(__always)
    private static func addWhereActive(_ d: UnsafePointer<Float>, _ out: UnsafePointer<Float>, into g: UnsafeMutablePointer<Float>, _ count: Int) {
        var i = 0
        while i + 8 <= count {
            var v = UnsafeRawPointer(d + i).loadUnaligned(as: SIMD8<Float>.self)
            v.replace(with: 0, where: .!(UnsafeRawPointer(out + i).loadUnaligned(as: SIMD8<Float>.self) .> 0))
            let sum = UnsafeRawPointer(g + i).loadUnaligned(as: SIMD8<Float>.self) + v
            UnsafeMutableRawPointer(g + i).storeBytes(of: sum, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { if out[i] > 0 { g[i] += d[i] }; i += 1 }
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
