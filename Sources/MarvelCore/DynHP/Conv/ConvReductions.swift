/// The per-channel sums of the convolutional passes (BatchNorm's statistics, the gate's and
/// BN's gradients) over one channel row of B·H·W floats. Each keeps four independent partial
/// sums, combined at the end ((s0 + s1) + (s2 + s3)), so the additions do not wait on each
/// other: a fixed order, the same on every run, resume included.
enum ConvReductions {
    /// Mean and (biased) variance of `count` floats, accumulated in Double.
    @inline(__always)
    static func meanAndVariance(_ x: UnsafePointer<Float>, _ count: Int) -> (mean: Double, variance: Double) {
        guard count > 0 else { return (0, 0) }
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= count {
            s0 += Double(x[i]); s1 += Double(x[i + 1]); s2 += Double(x[i + 2]); s3 += Double(x[i + 3])
            i += 4
        }
        while i < count { s0 += Double(x[i]); i += 1 }
        let mean = ((s0 + s1) + (s2 + s3)) / Double(count)
        var q0 = 0.0, q1 = 0.0, q2 = 0.0, q3 = 0.0
        i = 0
        while i + 4 <= count {
            let d0 = Double(x[i]) - mean, d1 = Double(x[i + 1]) - mean, d2 = Double(x[i + 2]) - mean, d3 = Double(x[i + 3]) - mean
            q0 += d0 * d0; q1 += d1 * d1; q2 += d2 * d2; q3 += d3 * d3
            i += 4
        }
        while i < count { let d = Double(x[i]) - mean; q0 += d * d; i += 1 }
        return (mean, ((q0 + q1) + (q2 + q3)) / Double(count))
    }

    /// The backward pass of a convolution's output channel, in one pass over its row: d is
    /// set to 0 where ReLU's output (`activation`, when given) is ≤ 0, then `gateDot` = Σ (x·scale
    /// + shift) · d (the gate's gradient over what it multiplied), then d ·= z (the gate), then
    /// `sumD` = Σ d and `sumDX` = Σ d · (x − mean) · invStd (BN's dβ and dγ, or a bias's Σ d).
    /// Each sum keeps four partial sums (lane i mod 4), as the separate passes this replaces did.
    @inline(__always)
    static func channelGradient(_ d: UnsafeMutablePointer<Float>, activation: UnsafePointer<Float>?, _ x: UnsafePointer<Float>,
                                _ count: Int, gate z: Float, scale: Float, shift: Float, mean: Float, invStd: Float)
        -> (gateDot: Float, sumD: Float, sumDX: Float) {
        var g = SIMD4<Float>(), a = SIMD4<Float>(), b = SIMD4<Float>()
        let masked = activation != nil
        let o = activation ?? x
        var i = 0
        while i + 4 <= count {
            var v = SIMD4<Float>(d[i], d[i + 1], d[i + 2], d[i + 3])
            let xs = SIMD4<Float>(x[i], x[i + 1], x[i + 2], x[i + 3])
            if masked {
                let os = SIMD4<Float>(o[i], o[i + 1], o[i + 2], o[i + 3])
                v.replace(with: 0, where: os .<= 0)
            }
            g += (xs * scale + shift) * v
            v *= z
            d[i] = v[0]; d[i + 1] = v[1]; d[i + 2] = v[2]; d[i + 3] = v[3]
            a += v
            b += v * ((xs - mean) * invStd)
            i += 4
        }
        while i < count {
            var v = d[i]
            if masked && o[i] <= 0 { v = 0 }
            g[0] += (x[i] * scale + shift) * v
            v *= z
            d[i] = v
            a[0] += v
            b[0] += v * ((x[i] - mean) * invStd)
            i += 1
        }
        return ((g[0] + g[1]) + (g[2] + g[3]), (a[0] + a[1]) + (a[2] + a[3]), (b[0] + b[1]) + (b[2] + b[3]))
    }
}
