import CBLAS
import Foundation

/// A multilayer perceptron of gated dense layers (ReLU between, softmax at the end), as it
/// stands after compaction: `inputIndices` are the original input features still fed in
/// (the others were pruned), and `layers[l]` gates its inputs. Output units are never gated.
public struct GatedMLP: Sendable, Equatable {
    /// Widths the network started from, inputs first (e.g. [784, 300, 100, 10]).
    public var initialWidths: [Int]
    /// Indices into the original input vector of the features the first layer reads.
    public var inputIndices: [Int]
    public var layers: [GatedDenseLayer]

    public init(initialWidths: [Int], inputIndices: [Int], layers: [GatedDenseLayer]) {
        self.initialWidths = initialWidths
        self.inputIndices = inputIndices
        self.layers = layers
    }

    /// A fresh network: Kaiming-normal weights (std sqrt(2/fan_in)), zero biases,
    /// log_alpha ~ N(ln((1-p)/p), 0.01) with p = `inputDropRate` for the input features and
    /// `hiddenDropRate` for hidden units.
    public static func random(widths: [Int], inputDropRate: Double = 0.2, hiddenDropRate: Double = 0.5,
                              using rng: inout Xoshiro256) -> GatedMLP {
        precondition(widths.count >= 2 && widths.allSatisfy { $0 > 0 }, "an MLP needs at least two positive widths")
        var layers: [GatedDenseLayer] = []
        for l in 0..<(widths.count - 1) {
            let fanIn = widths[l], fanOut = widths[l + 1]
            let std = (2.0 / Double(fanIn)).squareRoot()
            let weights = (0..<(fanIn * fanOut)).map { _ in Float(rng.nextGaussian() * std) }
            let p = l == 0 ? inputDropRate : hiddenDropRate
            let mean = log((1 - p) / p)
            let logAlpha = (0..<fanIn).map { _ in Float(mean + 0.01 * rng.nextGaussian()) }
            layers.append(GatedDenseLayer(inputs: fanIn, outputs: fanOut, weights: weights,
                                          bias: Array(repeating: 0, count: fanOut), logAlpha: logAlpha))
        }
        return GatedMLP(initialWidths: widths, inputIndices: Array(0..<widths[0]), layers: layers)
    }

    /// Current physical widths, inputs first.
    public var widths: [Int] { [layers.first?.inputs ?? 0] + layers.map(\.outputs) }

    /// Weights and biases held now.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    /// Weights and biases of the network before any pruning.
    public var initialParameterCount: Int {
        zip(initialWidths, initialWidths.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 + $1.1 }
    }

    /// The network without the units in `kept`'s complement (see `[GatedDenseLayer].compacted`).
    public func compacted(keeping kept: [[Int]]) -> GatedMLP {
        GatedMLP(initialWidths: initialWidths, inputIndices: kept[0].map { inputIndices[$0] },
                 layers: layers.compacted(keeping: kept))
    }

    /// Per gated layer, the units whose test-time gate is non-zero (at least one per layer).
    public var testTimeSurvivors: [[Int]] {
        layers.map { layer in
            let open = layer.logAlpha.indices.filter { HardConcrete.testGate(logAlpha: layer.logAlpha[$0]) > 0 }
            if !open.isEmpty { return open }
            return [layer.logAlpha.indices.max { layer.logAlpha[$0] < layer.logAlpha[$1] } ?? 0]
        }
    }

    /// The network with every unit whose test-time gate is exactly zero removed: the same
    /// function under test-time gates, with fewer parameters (SP's final model).
    public func removingClosedGates() -> GatedMLP { compacted(keeping: testTimeSurvivors) }

    /// Logits for `count` examples of the original input dimension (row-major), with test-time
    /// gates. `features` has count × initialWidths[0] values.
    public func logits(features: UnsafeBufferPointer<Float>, count: Int) -> [Float] {
        let dimension = initialWidths[0]
        precondition(features.count >= count * dimension, "feature buffer too small")
        var current = [Float](repeating: 0, count: count * inputIndices.count)
        current.withUnsafeMutableBufferPointer { dst in
            let width = inputIndices.count
            for i in 0..<count {
                for (c, j) in inputIndices.enumerated() { dst[i * width + c] = features[i * dimension + j] }
            }
        }
        for (l, layer) in layers.enumerated() {
            let gates = layer.logAlpha.map { HardConcrete.testGate(logAlpha: $0) }
            current.withUnsafeMutableBufferPointer { x in
                for i in 0..<count {
                    for j in 0..<layer.inputs { x[i * layer.inputs + j] *= gates[j] }
                }
            }
            var out = [Float](repeating: 0, count: count * layer.outputs)
            out.withUnsafeMutableBufferPointer { y in
                for i in 0..<count {
                    for k in 0..<layer.outputs { y[i * layer.outputs + k] = layer.bias[k] }
                }
            }
            if count > 0 {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(count), Int32(layer.outputs),
                            Int32(layer.inputs), 1, current, Int32(layer.inputs), layer.weights,
                            Int32(layer.outputs), 1, &out, Int32(layer.outputs))
            }
            if l + 1 < layers.count {
                out.withUnsafeMutableBufferPointer { y in
                    for i in 0..<y.count where y[i] < 0 { y[i] = 0 }
                }
            }
            current = out
        }
        return current
    }

    /// Predicted classes (argmax of the logits) for `count` examples.
    public func predictions(features: UnsafeBufferPointer<Float>, count: Int) -> [Int] {
        let out = logits(features: features, count: count)
        let classes = layers.last?.outputs ?? 0
        return (0..<count).map { i in
            var best = 0
            for k in 1..<max(1, classes) where out[i * classes + k] > out[i * classes + best] { best = k }
            return best
        }
    }
}
