import Foundation

/// Adam or SGD with momentum (as `OptimizerState`) over a convolutional network's trainable
/// tensors (`ConvParams.trainable`), moments shaped like the network so compaction shrinks
/// them with it. log_alpha takes the gate rate and is clamped after each step; masked
/// filters' gates never move.
public struct ConvOptimizer: Sendable, Equatable {
    public var kind: OptimizerKind
    public var momentum: Float
    public var step: Int
    public var first: [ConvParams]
    public var second: [ConvParams]

    public init(kind: OptimizerKind, momentum: Float, shapes: [ConvParams]) {
        self.kind = kind
        self.momentum = momentum
        step = 0
        first = shapes.map(\.zeros)
        second = kind == .adam ? first : []
    }

    public init(kind: OptimizerKind, momentum: Float, step: Int, first: [ConvParams], second: [ConvParams]) {
        self.kind = kind
        self.momentum = momentum
        self.step = step
        self.first = first
        self.second = second
    }

    mutating func apply(_ grads: [ConvParams], to params: inout [ConvParams], learningRate: Float, gateLearningRate: Float) {
        step += 1
        let t = Float(step)
        let c1 = 1 - pow(OptimizerState.beta1, t), c2 = 1 - pow(OptimizerState.beta2, t)
        for n in params.indices {
            for (name, path) in ConvParams.trainable where !params[n][keyPath: path].isEmpty {
                let gate = name == "log_alpha"
                let lr = gate ? gateLearningRate : learningRate
                let mask = gate ? params[n].mask : []
                switch kind {
                case .adam:
                    Self.adam(&params[n][keyPath: path], grads[n][keyPath: path], &first[n][keyPath: path],
                              &second[n][keyPath: path], lr / c1, 1 / c2, mask)
                case .sgd:
                    Self.sgd(&params[n][keyPath: path], grads[n][keyPath: path], &first[n][keyPath: path], lr, momentum, mask)
                }
                if gate {
                    let lo = HardConcrete.logAlphaRange.lowerBound, hi = HardConcrete.logAlphaRange.upperBound
                    params[n].logAlpha.withUnsafeMutableBufferPointer { la in
                        for j in 0..<la.count { la[j] = min(hi, max(lo, la[j])) }
                    }
                }
            }
        }
    }

    private static func adam(_ p: inout [Float], _ g: [Float], _ m: inout [Float], _ v: inout [Float], _ stepSize: Float,
                             _ correction2: Float, _ mask: [Float]) {
        p.withUnsafeMutableBufferPointer { p in
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    g.withUnsafeBufferPointer { g in
                        for i in 0..<p.count where mask.isEmpty || mask[i] > 0 {
                            OptimizerState.adamUpdate(&p[i], g[i], &m[i], &v[i], stepSize, correction2)
                        }
                    }
                }
            }
        }
    }

    private static func sgd(_ p: inout [Float], _ g: [Float], _ velocity: inout [Float], _ lr: Float, _ mu: Float, _ mask: [Float]) {
        for i in p.indices where mask.isEmpty || mask[i] > 0 {
            velocity[i] = mu * velocity[i] + g[i]
            p[i] -= lr * velocity[i]
        }
    }
}
