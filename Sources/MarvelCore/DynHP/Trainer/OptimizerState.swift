import Foundation

/// Adam (beta1 0.9, beta2 0.999, eps 1e-8, bias-corrected) or SGD with momentum
/// (v ← μ v + g; p ← p − lr v), with its state shaped like the network's layers so that
/// compaction shrinks it together with the weights. The gate parameters (log_alpha) may
/// take their own learning rate (`gateLearningRate`, nil: the same as the weights').
public struct OptimizerState: Sendable, Equatable {
    public var kind: OptimizerKind
    public var learningRate: Float
    /// The rate of the log_alpha updates; nil: `learningRate`.
    public var gateLearningRate: Float?
    public var momentum: Float
    /// Steps taken (Adam's bias correction).
    public var step: Int
    /// Adam's first moment, or SGD's velocity.
    public var first: [GatedDenseLayer]
    /// Adam's second moment (empty for SGD).
    public var second: [GatedDenseLayer]

    public static let beta1: Float = 0.9
    public static let beta2: Float = 0.999
    public static let adamEpsilon: Float = 1e-8

    public init(kind: OptimizerKind, learningRate: Float, gateLearningRate: Float? = nil, momentum: Float,
                shapes: [GatedDenseLayer]) {
        self.kind = kind
        self.learningRate = learningRate
        self.gateLearningRate = gateLearningRate
        self.momentum = momentum
        step = 0
        first = shapes.map { GatedDenseLayer.zeros(inputs: $0.inputs, outputs: $0.outputs) }
        second = kind == .adam ? first : []
    }

    public init(kind: OptimizerKind, learningRate: Float, gateLearningRate: Float? = nil, momentum: Float, step: Int,
                first: [GatedDenseLayer], second: [GatedDenseLayer]) {
        self.kind = kind
        self.learningRate = learningRate
        self.gateLearningRate = gateLearningRate
        self.momentum = momentum
        self.step = step
        self.first = first
        self.second = second
    }

    /// Shrinks the state like the network (see `[GatedDenseLayer].compacted`).
    public mutating func compact(keeping kept: [[Int]]) {
        first = first.compacted(keeping: kept)
        if !second.isEmpty { second = second.compacted(keeping: kept) }
    }

    /// One update of `layers` with `gradients`; log_alpha is clamped afterwards. With
    /// `gates` false, log_alpha and its moments stay exactly as they are (fixed gates).
    public mutating func apply(_ gradients: [GatedDenseLayer], to layers: inout [GatedDenseLayer], gates: Bool = true) {
        step += 1
        let t = Float(step)
        let c1 = 1 - pow(Self.beta1, t), c2 = 1 - pow(Self.beta2, t)
        let lr = learningRate, mu = momentum, gateLR = gateLearningRate ?? learningRate
        for l in layers.indices {
            switch kind {
            case .adam:
                let h = AdamHyper(stepSize: lr / c1, correction2: 1 / c2)
                Self.adam(&layers[l].weights, gradients[l].weights, &first[l].weights, &second[l].weights, h)
                Self.adam(&layers[l].bias, gradients[l].bias, &first[l].bias, &second[l].bias, h)
                if gates {
                    let hg = AdamHyper(stepSize: gateLR / c1, correction2: 1 / c2)
                    Self.adam(&layers[l].logAlpha, gradients[l].logAlpha, &first[l].logAlpha, &second[l].logAlpha, hg)
                }
            case .sgd:
                Self.sgd(&layers[l].weights, gradients[l].weights, &first[l].weights, lr, mu)
                Self.sgd(&layers[l].bias, gradients[l].bias, &first[l].bias, lr, mu)
                if gates { Self.sgd(&layers[l].logAlpha, gradients[l].logAlpha, &first[l].logAlpha, gateLR, mu) }
            }
            guard gates else { continue }
            layers[l].logAlpha.withUnsafeMutableBufferPointer { la in
                let lo = HardConcrete.logAlphaRange.lowerBound, hi = HardConcrete.logAlphaRange.upperBound
                for j in 0..<la.count { la[j] = min(hi, max(lo, la[j])) }
            }
        }
    }

    struct AdamHyper {
        var stepSize: Float
        var correction2: Float
    }

    private static func adam(_ param: inout [Float], _ grad: [Float], _ m: inout [Float], _ v: inout [Float], _ h: AdamHyper) {
        param.withUnsafeMutableBufferPointer { p in
            grad.withUnsafeBufferPointer { g in
                m.withUnsafeMutableBufferPointer { m in
                    v.withUnsafeMutableBufferPointer { v in
                        guard let pp = p.baseAddress, let gp = g.baseAddress, let mp = m.baseAddress, let vp = v.baseAddress
                        else { return }
                        adamKernel(pp, gp, mp, vp, p.count, h.stepSize, h.correction2)
                    }
                }
            }
        }
    }

    /// The Adam update on raw pointers (a plain loop the compiler vectorises).
    @inline(never)
    private static func adamKernel(_ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
                                   _ v: UnsafeMutablePointer<Float>, _ count: Int, _ stepSize: Float, _ correction2: Float) {
        for i in 0..<count {
            adamUpdate(&p[i], g[i], &m[i], &v[i], stepSize, correction2)
        }
    }

    /// One parameter's Adam update (moments, then the step); the MLP and convolutional
    /// optimisers share it, inlined into their loops.
    @inline(__always)
    static func adamUpdate(_ p: inout Float, _ g: Float, _ m: inout Float, _ v: inout Float, _ stepSize: Float, _ correction2: Float) {
        let mi = beta1 * m + (1 - beta1) * g
        let vi = beta2 * v + (1 - beta2) * g * g
        m = mi
        v = vi
        p -= stepSize * mi / ((vi * correction2).squareRoot() + adamEpsilon)
    }

    private static func sgd(_ param: inout [Float], _ grad: [Float], _ velocity: inout [Float], _ lr: Float, _ mu: Float) {
        param.withUnsafeMutableBufferPointer { p in
            grad.withUnsafeBufferPointer { g in
                velocity.withUnsafeMutableBufferPointer { m in
                    for i in 0..<p.count {
                        let vi = mu * m[i] + g[i]
                        m[i] = vi
                        p[i] -= lr * vi
                    }
                }
            }
        }
    }
}
