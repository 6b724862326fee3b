/// Dynamic batch sizing (seed 4.1.1.3): after each gradient computation
/// b ← b + ⌊(1 − α_bs) ‖S‖₁ / F⌋, with S the per-parameter variance of the per-example
/// gradients and F the mini-batch loss, never above `cap` (the memory budget's largest batch).
public struct DynamicBatchSize: Sendable, Equatable {
    public var size: Int
    public var alpha: Double
    public var cap: Int

    public init(size: Int, alpha: Double, cap: Int) {
        self.alpha = alpha
        self.cap = max(1, cap)
        self.size = min(max(1, size), self.cap)
    }

    /// The increment the rule asks for (0 when the loss is not positive or the input not finite).
    public static func increment(alpha: Double, varianceL1: Double, loss: Double) -> Int {
        guard loss > 0, varianceL1.isFinite, loss.isFinite, varianceL1 > 0 else { return 0 }
        let step = ((1 - alpha) * varianceL1 / loss).rounded(.down)
        guard step > 0 else { return 0 }
        return step >= Double(Int.max / 4) ? Int.max / 4 : Int(step)
    }

    /// Applies one update and returns the new size.
    @discardableResult
    public mutating func update(varianceL1: Double, loss: Double) -> Int {
        let grown = size + Self.increment(alpha: alpha, varianceL1: varianceL1, loss: loss)
        size = min(cap, max(1, grown))
        return size
    }

    /// Sets a new cap (after pruning); the size shrinks to it if needed.
    public mutating func setCap(_ newCap: Int) {
        cap = max(1, newCap)
        size = min(size, cap)
    }
}

/// ‖S‖₁ for one dense layer without per-example backward passes. With A the layer's
/// (gated) inputs (batch × in) and Δ = d(mean loss)/d(pre-activation) (batch × out), the
/// per-example gradient of example i is g_i = B a_iᵀ δ_i, so the per-parameter variance is
/// B (A²)ᵀ(Δ²) − ḡ², and its L1 norm is B Σ_i ‖a_i‖² ‖δ_i‖² − ‖ḡ‖² (plus the same for the
/// bias with a_i = 1). All terms are non-negative sums, computed in Double.
public enum GradientVariance {
    /// `inputNorms[i]` = ‖a_i‖², `deltaNorms[i]` = ‖δ_i‖², `meanGradientSquares` = ‖ḡ_W‖² + ‖ḡ_b‖².
    public static func l1(inputNorms: UnsafeBufferPointer<Double>, deltaNorms: UnsafeBufferPointer<Double>,
                          meanGradientSquares: Double) -> Double {
        let batch = Double(deltaNorms.count)
        var second = 0.0
        for i in 0..<deltaNorms.count { second += (inputNorms[i] + 1) * deltaNorms[i] }
        return max(0, batch * second - meanGradientSquares)
    }

    /// The same from explicit per-example gradients (for tests): Σ_p Var_i(g_ip).
    public static func l1(perExampleGradients: [[Double]]) -> Double {
        guard let width = perExampleGradients.first?.count else { return 0 }
        let n = Double(perExampleGradients.count)
        var total = 0.0
        for p in 0..<width {
            var mean = 0.0, sq = 0.0
            for g in perExampleGradients { mean += g[p]; sq += g[p] * g[p] }
            mean /= n
            total += sq / n - mean * mean
        }
        return total
    }
}
