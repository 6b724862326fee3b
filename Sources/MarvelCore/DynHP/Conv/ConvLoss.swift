import Foundation

/// The losses of convolutional training on logits laid out classes × B.
enum ConvLoss {
    /// Softmax cross-entropy: mean loss and correct predictions; the last node's gradient
    /// buffer gets (p − onehot) / B.
    static func softmaxCrossEntropy(_ ws: ConvWorkspace, network: ConvNetwork, count b: Int) -> (Double, Int) {
        let last = network.nodes.count - 1, classes = network.classes
        let logits = ws.outputs[last].base, delta = ws.gradients[last].base
        var loss = 0.0, correct = 0
        let scale = 1 / Float(b)
        var e = [Float](repeating: 0, count: classes)
        for i in 0..<b {
            var best = 0, top = logits[i]
            for k in 1..<max(1, classes) where logits[k * b + i] > top { top = logits[k * b + i]; best = k }
            var sum: Float = 0
            for k in 0..<classes {
                e[k] = exp(logits[k * b + i] - top)
                sum += e[k]
            }
            let label = Int(ws.labels[i])
            for k in 0..<classes { delta[k * b + i] = e[k] / sum * scale }
            delta[label * b + i] -= scale
            loss += Double(log(sum) - (logits[label * b + i] - top))
            if best == label { correct += 1 }
        }
        return (loss / Double(b), correct)
    }
}

extension ConvLoss {
    /// Mean squared error over every output value of the batch (PyTorch's MSELoss with
    /// reduction "mean"): (1 / (B·D)) Σ (y − t)², D the output's C·H·W; the last node's
    /// gradient buffer gets 2 (y − t) / (B·D). `target(i)` points at example i's D target
    /// values (C × H × W). Returns the mean squared and the mean absolute error.
    static func meanSquaredError(_ ws: ConvWorkspace, network: ConvNetwork, count b: Int,
                                 target: (Int) -> UnsafePointer<Float>) -> (squared: Double, absolute: Double) {
        let last = network.nodes.count - 1, shape = network.outputShape
        let out = ws.outputs[last].base, delta = ws.gradients[last].base
        let p = shape.positions, total = Float(b * shape.count)
        var squares = 0.0, absolute = 0.0
        for i in 0..<b {
            let t = target(i)
            for c in 0..<shape.channels {
                let row = (c * b + i) * p
                for q in 0..<p {
                    let diff = out[row + q] - t[c * p + q]
                    squares += Double(diff * diff)
                    absolute += Double(abs(diff))
                    delta[row + q] = 2 * diff / total
                }
            }
        }
        return (squares / Double(total), absolute / Double(total))
    }
}
