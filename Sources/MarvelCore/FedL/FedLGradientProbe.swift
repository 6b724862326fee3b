import Foundation

/// The "gradient variance" model metric NUS scores clients by (seed 2.4.3): the trace of the
/// covariance of per-example gradients of the cross-entropy loss with respect to the output
/// layer's weights and biases, Σ_p Var_i(g_ip), on up to `limit` of the client's examples
/// with test-time gates. With a_i the output layer's gated input and δ_i = softmax − onehot,
/// g_i = (a_i ⊗ δ_i, δ_i), so ‖g_i‖² = (‖a_i‖² + 1)‖δ_i‖² and the trace is
/// mean_i ‖g_i‖² − ‖mean_i g_i‖². Large when the model's errors on the client's data are
/// large and disagree with each other: data the global model has not learned.
public enum FedLGradientProbe {
    public static func variance(of model: GatedMLP, on set: LabeledSet, limit: Int = 1_000) -> Double {
        let count = min(limit, set.count)
        guard count > 0, let last = model.layers.last else { return 0 }
        let inputs = last.inputs, classes = last.outputs
        var activations = set.features.withUnsafeBufferPointer { all in
            penultimate(model, UnsafeBufferPointer(rebasing: all[0..<(count * set.dimension)]), count: count)
        }
        let gates = last.logAlpha.map { HardConcrete.testGate(logAlpha: $0) }
        for i in 0..<count {
            for j in 0..<inputs { activations[i * inputs + j] *= gates[j] }
        }
        var meanW = [Double](repeating: 0, count: inputs * classes)
        var meanB = [Double](repeating: 0, count: classes)
        var secondMoment = 0.0
        var delta = [Double](repeating: 0, count: classes)
        for i in 0..<count {
            let row = i * inputs
            var norm = 0.0
            for j in 0..<inputs { norm += Double(activations[row + j] * activations[row + j]) }
            var top = -Double.infinity
            for k in 0..<classes {
                var z = Double(last.bias[k])
                for j in 0..<inputs { z += Double(activations[row + j]) * Double(last.weights[j * classes + k]) }
                delta[k] = z
                top = max(top, z)
            }
            var sum = 0.0
            for k in 0..<classes {
                delta[k] = exp(delta[k] - top)
                sum += delta[k]
            }
            var deltaNorm = 0.0
            let label = Int(set.labels[i])
            for k in 0..<classes {
                delta[k] = delta[k] / sum - (k == label ? 1 : 0)
                deltaNorm += delta[k] * delta[k]
                meanB[k] += delta[k]
            }
            for j in 0..<inputs where activations[row + j] != 0 {
                let a = Double(activations[row + j])
                for k in 0..<classes { meanW[j * classes + k] += a * delta[k] }
            }
            secondMoment += (norm + 1) * deltaNorm
        }
        let n = Double(count)
        var meanSquares = 0.0
        for v in meanW { meanSquares += (v / n) * (v / n) }
        for v in meanB { meanSquares += (v / n) * (v / n) }
        return max(0, secondMoment / n - meanSquares)
    }

    /// The output layer's raw input for `count` examples: the ReLU output of the layer before
    /// it, or the kept input features of a single-layer model.
    static func penultimate(_ model: GatedMLP, _ features: UnsafeBufferPointer<Float>, count: Int) -> [Float] {
        if model.layers.count == 1 {
            let dimension = model.initialWidths[0], kept = model.inputIndices
            var out = [Float](repeating: 0, count: count * kept.count)
            for i in 0..<count {
                for (c, j) in kept.enumerated() { out[i * kept.count + c] = features[i * dimension + j] }
            }
            return out
        }
        let trunk = GatedMLP(initialWidths: model.initialWidths, inputIndices: model.inputIndices,
                             layers: Array(model.layers.dropLast()))
        return trunk.logits(features: features, count: count).map { max(0, $0) }
    }
}
