/// ‖S‖₁ of one convolution (dynamic batch sizing, seed 4.1.1.3): the L1 norm of the variance,
/// over the batch's examples, of the per-example gradients of the layer's weights and bias.
///
/// S is per parameter, as for the MLP (`GradientVariance`), so every filter weighs in by the
/// weights its gate controls — the same count the expected-L0 penalty prices (`ConvPenalty`:
/// the filter's in·k·k weights and its bias). A closed gate zeroes its channel's Δ, so a
/// filter that is off for the batch (or pruned) adds nothing; ungated convolutions (the
/// classifier, 1×1 shortcuts) count like the dense layers of an MLP.
///
/// With Δ = d(mean loss)/d(convolution output) (channels × B·Ho·Wo) and cols_i example i's
/// im2col matrix, example i's share of the batch gradient is G_i = Δ_i colsᵢᵀ, its own
/// gradient is B·G_i and the mean gradient is ḡ = Σ G_i, so
/// ‖S‖₁ = B Σ_i (‖G_i‖² + ‖Σ_pos Δ_i‖²) − ‖ḡ‖²: one small GEMM per example (the cost of a
/// second dW pass), computed only in dynhp mode. On a 1×1 map (a dense layer) G_i is the
/// outer product δ_i a_iᵀ and the closed form B Σ_i (‖a_i‖² + 1) ‖δ_i‖² − ‖ḡ‖² needs no GEMM.
/// With BatchNorm, examples are coupled through the batch statistics; G_i is then example
/// i's share of the gradient given those statistics (BN's γ and β, which the penalty does
/// not price, are left out).
enum ConvGradientVariance {
    /// ‖S‖₁ of convolution `spec` (input `source`, `inShape`; output `outShape`) on a batch of
    /// `b`, from `delta` (its Δ) and `gradient` (its batch gradient, before the penalty).
    /// `ws.cols` is used as im2col scratch, `ws.varianceShare` for each example's share.
    static func l1(spec: ConvSpec, inShape: TensorShape, outShape: TensorShape, source: UnsafePointer<Float>,
                   delta: UnsafePointer<Float>, batch b: Int, gradient g: ConvParams, ws: ConvWorkspace) -> Double {
        let positions = outShape.positions, columns = b * positions
        let channels = spec.outChannels, k = spec.filterSize
        let hasBias = !g.bias.isEmpty
        var meanSquares = 0.0
        for v in g.weights { meanSquares += Double(v * v) }
        for v in g.bias { meanSquares += Double(v * v) }
        let pointwise = ConvWorkspace.isPointwise(spec)
        if pointwise && positions == 1 {
            return max(0, Double(b) * denseSecondMoment(source, delta, inputs: k, outputs: channels, b, hasBias: hasBias) - meanSquares)
        }
        var second = 0.0
        if hasBias {
            for i in 0..<b {
                for c in 0..<channels {
                    let row = delta + c * columns + i * positions
                    var s = 0.0
                    for p in 0..<positions { s += Double(row[p]) }
                    second += s * s
                }
            }
        }
        let gi = ws.varianceShare.base
        if pointwise {
            for i in 0..<b {
                ConvKernels.gemm(delta + i * positions, lda: columns, source + i * positions, ldb: columns, transposeB: true,
                                 gi, ldc: k, m: channels, n: k, k: positions, beta: 0)
                second += squares(gi, channels * k)
            }
        } else {
            ws.forEachIm2colGroup(spec, source: source, batch: b, inShape: inShape, outShape: outShape) { first, count, cols in
                let width = count * positions
                for j in 0..<count {
                    ConvKernels.gemm(delta + (first + j) * positions, lda: columns, cols + j * positions, ldb: width, transposeB: true,
                                     gi, ldc: k, m: channels, n: k, k: positions, beta: 0)
                    second += squares(gi, channels * k)
                }
            }
        }
        return max(0, Double(b) * second - meanSquares)
    }

    /// Floats of the per-example gradient share the computation holds for convolution `spec`
    /// (`ConvMemoryModel` counts the largest).
    static func scratchFloats(_ spec: ConvSpec) -> Int { spec.outChannels * spec.filterSize }

    /// Floats of the share scratch for `network`: the largest convolution's, dense layers
    /// (pointwise on a 1×1 map) left out — their closed form needs none.
    static func scratchFloats(_ network: ConvNetwork) -> Int {
        network.nodes.reduce(0) { most, node in
            guard let spec = node.conv, !(ConvWorkspace.isPointwise(spec) && node.shape.positions == 1) else { return most }
            return max(most, scratchFloats(spec))
        }
    }

    /// Σ_i (‖a_i‖² + [bias]) ‖δ_i‖² of a dense layer (inputs and Δ channel-major, B columns).
    private static func denseSecondMoment(_ a: UnsafePointer<Float>, _ d: UnsafePointer<Float>, inputs: Int, outputs: Int,
                                          _ b: Int, hasBias: Bool) -> Double {
        var second = 0.0
        for i in 0..<b {
            var an = 0.0, dn = 0.0
            for j in 0..<inputs { an += Double(a[j * b + i] * a[j * b + i]) }
            for o in 0..<outputs { dn += Double(d[o * b + i] * d[o * b + i]) }
            second += (an + (hasBias ? 1 : 0)) * dn
        }
        return second
    }

    private static func squares(_ x: UnsafePointer<Float>, _ n: Int) -> Double {
        var s = 0.0
        for i in 0..<n { s += Double(x[i] * x[i]) }
        return s
    }
}
