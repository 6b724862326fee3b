import CBLAS
import Foundation

/// An exponential moving average of a network's parameters (weights, biases and log_alpha):
/// a ← d·a + (1−d)·p after every optimiser step, read bias-corrected as a / (1 − dᵗ) — how
/// Louizos et al.'s reference trainer evaluates its L0 networks. It starts at zero, is
/// compacted together with the network, and is what `--ema` evaluates and exports.
public struct ParameterAverage: Sendable, Equatable {
    /// The decay d (0 < d < 1).
    public var decay: Float
    /// Updates so far (t).
    public var steps: Int
    /// The running sums, shaped like the network's layers (not bias-corrected).
    public var layers: [GatedDenseLayer]

    /// A fresh average for a network shaped like `shapes`.
    public init(decay: Float, shapes: [GatedDenseLayer]) {
        self.init(decay: decay, steps: 0, layers: shapes.map { GatedDenseLayer.zeros(inputs: $0.inputs, outputs: $0.outputs) })
    }

    public init(decay: Float, steps: Int, layers: [GatedDenseLayer]) {
        self.decay = decay
        self.steps = steps
        self.layers = layers
    }

    /// Folds the parameters of `current` (same shapes) into the average.
    public mutating func update(with current: [GatedDenseLayer]) {
        precondition(current.count == layers.count, "the average and the network differ in depth")
        steps += 1
        for l in layers.indices {
            Self.blend(&layers[l].weights, current[l].weights, decay)
            Self.blend(&layers[l].bias, current[l].bias, decay)
            Self.blend(&layers[l].logAlpha, current[l].logAlpha, decay)
        }
    }

    /// a ← d·a + (1−d)·p.
    private static func blend(_ average: inout [Float], _ value: [Float], _ d: Float) {
        precondition(average.count == value.count, "the average and the network differ in shape")
        let n = Int32(average.count)
        guard n > 0 else { return }
        average.withUnsafeMutableBufferPointer { a in
            value.withUnsafeBufferPointer { p in
                cblas_sscal(n, d, a.baseAddress, 1)
                cblas_saxpy(n, 1 - d, p.baseAddress, 1, a.baseAddress, 1)
            }
        }
    }

    /// Shrinks the average like the network (see `[GatedDenseLayer].compacted`).
    public mutating func compact(keeping kept: [[Int]]) {
        layers = layers.compacted(keeping: kept)
    }

    /// The averaged network: `model`'s structure with the bias-corrected averages as its
    /// parameters (`model` itself before the first update).
    public func network(like model: GatedMLP) -> GatedMLP {
        guard steps > 0 else { return model }
        let scale = Float(1 / (1 - pow(Double(decay), Double(steps))))
        var averaged = model
        averaged.layers = layers.map { layer in
            GatedDenseLayer(inputs: layer.inputs, outputs: layer.outputs, weights: layer.weights.map { $0 * scale },
                            bias: layer.bias.map { $0 * scale }, logAlpha: layer.logAlpha.map { $0 * scale })
        }
        return averaged
    }
}
