import Foundation

/// The hard-concrete gate of Louizos, Welling and Kingma (arXiv 1712.01312): a stretched,
/// clipped binary-concrete variable with one learnable `log_alpha` per gate.
///
/// Train time: u ~ U(eps, 1-eps), s = sigmoid((ln u - ln(1-u) + log_alpha) / beta),
/// z = min(1, max(0, s (zeta - gamma) + gamma)). Test time: s = sigmoid(log_alpha).
/// P(z != 0) = sigmoid(log_alpha - beta ln(-gamma/zeta)).
///
/// The temperature beta defaults to the paper's 2/3 (`--temperature` changes it); the
/// test-time gate does not depend on it.
public enum HardConcrete {
    /// Temperature beta (the default).
    public static let beta: Float = 2.0 / 3.0
    /// Lower stretch limit (the paper's gamma; not the pruning threshold).
    public static let lowerStretch: Float = -0.1
    /// Upper stretch limit zeta.
    public static let upperStretch: Float = 1.1
    /// Epsilon keeping u and probabilities away from 0 and 1.
    public static let epsilon: Float = 1e-6
    /// log_alpha is clamped to [ln 0.01, ln 100] after every optimiser step.
    public static let logAlphaRange: ClosedRange<Float> = Float(log(0.01))...Float(log(100.0))
    /// -beta ln(-gamma/zeta) ≈ 1.5986: the shift between log_alpha and the logit of P(z != 0).
    public static let nonZeroShift: Float = Float(-(2.0 / 3.0) * log(0.1 / 1.1))

    /// -beta ln(-gamma/zeta) for temperature `beta`.
    public static func nonZeroShift(beta: Float) -> Float {
        beta == Self.beta ? nonZeroShift : -beta * log(-lowerStretch / upperStretch)
    }

    @inline(__always) static func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }

    @inline(__always) static func stretchClip(_ s: Float) -> Float {
        min(1, max(0, s * (upperStretch - lowerStretch) + lowerStretch))
    }

    /// The train-time gate for a uniform draw `u` in (0, 1) (clamped to [eps, 1-eps]).
    public static func trainSample(logAlpha: Float, u: Float, beta: Float = HardConcrete.beta) -> Float {
        trainSampleWithSlope(logAlpha: logAlpha, u: u, beta: beta).gate
    }

    /// The train-time gate and dz/dlog_alpha (0 where the clip is active).
    @inline(__always)
    public static func trainSampleWithSlope(logAlpha: Float, u: Float, beta: Float = HardConcrete.beta) -> (gate: Float, slope: Float) {
        let uc = min(1 - epsilon, max(epsilon, u))
        let s = sigmoid((log(uc) - log(1 - uc) + logAlpha) / beta)
        let stretched = s * (upperStretch - lowerStretch) + lowerStretch
        if stretched <= 0 { return (0, 0) }
        if stretched >= 1 { return (1, 0) }
        return (stretched, (upperStretch - lowerStretch) * s * (1 - s) / beta)
    }

    /// The deterministic test-time gate: exactly 0 below log_alpha ≈ -2.398, exactly 1 above 2.398.
    public static func testGate(logAlpha: Float) -> Float { stretchClip(sigmoid(logAlpha)) }

    /// P(gate != 0) = 1 - Q(s <= 0), clamped to [eps, 1-eps].
    public static func probabilityNonZero(logAlpha: Float, beta: Float = HardConcrete.beta) -> Float {
        min(1 - epsilon, max(epsilon, sigmoid(logAlpha + nonZeroShift(beta: beta))))
    }

    /// log_alpha clamped into `logAlphaRange`.
    public static func clamped(_ logAlpha: Float) -> Float {
        min(logAlphaRange.upperBound, max(logAlphaRange.lowerBound, logAlpha))
    }
}
