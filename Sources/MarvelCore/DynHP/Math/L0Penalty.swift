/// The expected-L0 penalty of one gated dense layer (gates on its inputs, weights stored
/// inputs × outputs), with weight decay, as in the reference L0Dense:
///
///     R = (1/N) [ sum_j P_j * sum_k (0.5 wd w_jk^2 + lambda) + 0.5 wd sum_k b_k^2 ]
///
/// with P_j = P(gate j != 0) and N the training-set size, so lambda/N prices one expected
/// parameter. Gradients: dR/dlog_alpha_j = (1/N) P_j (1 - P_j) sum_k (0.5 wd w_jk^2 + lambda),
/// dR/dw_jk = (1/N) P_j wd w_jk, dR/db_k = (1/N) wd b_k. P_j depends on the gates'
/// temperature `beta` (`HardConcrete.probabilityNonZero`).
public struct L0Penalty: Sendable, Equatable {
    public var lambda: Float
    public var weightDecay: Float
    public var trainingSize: Int
    /// The hard-concrete temperature the gates are sampled at.
    public var beta: Float

    public init(lambda: Float, weightDecay: Float, trainingSize: Int, beta: Float = HardConcrete.beta) {
        self.lambda = lambda
        self.weightDecay = weightDecay
        self.trainingSize = max(1, trainingSize)
        self.beta = beta
    }

    /// The penalty of `layer`.
    public func value(of layer: GatedDenseLayer) -> Double {
        var total = 0.0
        let wd = Double(weightDecay), lam = Double(lambda)
        for j in 0..<layer.inputs {
            let p = Double(HardConcrete.probabilityNonZero(logAlpha: layer.logAlpha[j], beta: beta))
            var row = 0.0
            for k in 0..<layer.outputs {
                let w = Double(layer.weights[j * layer.outputs + k])
                row += 0.5 * wd * w * w + lam
            }
            total += p * row
        }
        for b in layer.bias { total += 0.5 * wd * Double(b) * Double(b) }
        return total / Double(trainingSize)
    }

    /// Adds the penalty's gradient of `layer` to `gradient` (a layer-shaped accumulator).
    public func addGradient(of layer: GatedDenseLayer, into gradient: inout GatedDenseLayer) {
        let scale = 1 / Float(trainingSize)
        let wd = weightDecay, lam = lambda, outs = layer.outputs, beta = self.beta
        layer.weights.withUnsafeBufferPointer { w in
            layer.logAlpha.withUnsafeBufferPointer { la in
                gradient.weights.withUnsafeMutableBufferPointer { gw in
                    gradient.logAlpha.withUnsafeMutableBufferPointer { gla in
                        for j in 0..<layer.inputs {
                            let p = HardConcrete.probabilityNonZero(logAlpha: la[j], beta: beta)
                            let coef = scale * p * wd
                            var squares: Float = 0
                            let base = j * outs
                            for k in 0..<outs {
                                let v = w[base + k]
                                squares += v * v
                                gw[base + k] += coef * v
                            }
                            gla[j] += scale * p * (1 - p) * (0.5 * wd * squares + lam * Float(outs))
                        }
                    }
                }
            }
        }
        for k in 0..<layer.outputs { gradient.bias[k] += scale * wd * layer.bias[k] }
    }

    /// Adds only the weight decay, (1/N) wd w and (1/N) wd b, to `gradient`: the penalty of a
    /// network whose gates are fixed (fine-tuning), where no gate price is left to pay and
    /// every kept unit counts as present (P = 1).
    public func addWeightDecayGradient(of layer: GatedDenseLayer, into gradient: inout GatedDenseLayer) {
        let coef = weightDecay / Float(trainingSize)
        guard coef != 0 else { return }
        layer.weights.withUnsafeBufferPointer { w in
            gradient.weights.withUnsafeMutableBufferPointer { gw in
                for i in 0..<w.count { gw[i] += coef * w[i] }
            }
        }
        for k in 0..<layer.outputs { gradient.bias[k] += coef * layer.bias[k] }
    }
}
