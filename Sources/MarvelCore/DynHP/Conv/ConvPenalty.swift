/// The expected-L0 penalty of a convolutional network, as `L0Penalty` for dense layers but
/// with the gate on an output filter: a gated filter c (weights w_c, bias b_c) costs
/// (1/N) P_c Σ (0.5 wd w² + λ) over its weights and bias, so λ/N prices one expected
/// parameter; ungated convolutions pay (1/N) 0.5 wd Σ w²; BN's γ and β are not decayed.
/// Filters masked out for good pay nothing and their gates do not move.
struct ConvPenalty {
    var lambda: Float
    var weightDecay: Float
    var trainingSize: Int
    var beta: Float

    /// Adds the penalty's gradient of `network` into `grads` (`gates` false: weight decay only).
    func addGradient(of network: ConvNetwork, into grads: inout [ConvParams]) {
        let scale = 1 / Float(max(1, trainingSize)), wd = weightDecay
        for n in network.nodes.indices {
            guard let spec = network.nodes[n].conv else { continue }
            let p = network.params[n]
            let filter = spec.filterSize, hasBias = !p.bias.isEmpty
            for c in 0..<spec.outChannels {
                var coef = scale * wd
                var prob: Float = 1
                if spec.gated {
                    if p.mask[c] == 0 { grads[n].logAlpha[c] = 0; continue }
                    prob = HardConcrete.probabilityNonZero(logAlpha: p.logAlpha[c], beta: beta)
                    coef *= prob
                }
                var squares: Float = 0
                let base = c * filter
                for i in 0..<filter {
                    let v = p.weights[base + i]
                    squares += v * v
                    grads[n].weights[base + i] += coef * v
                }
                if hasBias {
                    squares += p.bias[c] * p.bias[c]
                    grads[n].bias[c] += coef * p.bias[c]
                }
                if spec.gated {
                    let count = Float(filter + (hasBias ? 1 : 0))
                    grads[n].logAlpha[c] += scale * prob * (1 - prob) * (0.5 * wd * squares + lambda * count)
                }
            }
        }
    }
}
