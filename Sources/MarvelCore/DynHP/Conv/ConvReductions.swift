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

    /// Σ (x·scale + shift) · d: the gradient of a gate over what it multiplied.
    @inline(__always)
    static func affineDot(_ x: UnsafePointer<Float>, _ d: UnsafePointer<Float>, _ count: Int, scale: Float, shift: Float) -> Float {
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
        var i = 0
        while i + 4 <= count {
            s0 += (x[i] * scale + shift) * d[i]; s1 += (x[i + 1] * scale + shift) * d[i + 1]
            s2 += (x[i + 2] * scale + shift) * d[i + 2]; s3 += (x[i + 3] * scale + shift) * d[i + 3]
            i += 4
        }
        while i < count { s0 += (x[i] * scale + shift) * d[i]; i += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// Σ d and Σ d · (x − mean) · invStd: BatchNorm's dβ and dγ.
    @inline(__always)
    static func normalisedSums(_ x: UnsafePointer<Float>, _ d: UnsafePointer<Float>, _ count: Int,
                               mean: Float, invStd: Float) -> (sumD: Float, sumDX: Float) {
        var a0: Float = 0, a1: Float = 0, a2: Float = 0, a3: Float = 0
        var b0: Float = 0, b1: Float = 0, b2: Float = 0, b3: Float = 0
        var i = 0
        while i + 4 <= count {
            a0 += d[i]; a1 += d[i + 1]; a2 += d[i + 2]; a3 += d[i + 3]
            b0 += d[i] * ((x[i] - mean) * invStd); b1 += d[i + 1] * ((x[i + 1] - mean) * invStd)
            b2 += d[i + 2] * ((x[i + 2] - mean) * invStd); b3 += d[i + 3] * ((x[i + 3] - mean) * invStd)
            i += 4
        }
        while i < count { a0 += d[i]; b0 += d[i] * ((x[i] - mean) * invStd); i += 1 }
        return ((a0 + a1) + (a2 + a3), (b0 + b1) + (b2 + b3))
    }

    /// Σ d (a bias's gradient).
    @inline(__always)
    static func sum(_ d: UnsafePointer<Float>, _ count: Int) -> Float {
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
        var i = 0
        while i + 4 <= count {
            s0 += d[i]; s1 += d[i + 1]; s2 += d[i + 2]; s3 += d[i + 3]
            i += 4
        }
        while i < count { s0 += d[i]; i += 1 }
        return (s0 + s1) + (s2 + s3)
    }
}
