/// One dense layer with a hard-concrete gate on each of its inputs: y = (x ⊙ z) W + b.
/// `weights` is inputs × outputs, row-major (row j holds input j's outgoing weights).
/// The same shape also carries gradients and optimiser moments of a layer.
public struct GatedDenseLayer: Sendable, Equatable {
    public var inputs: Int
    public var outputs: Int
    public var weights: [Float]
    public var bias: [Float]
    public var logAlpha: [Float]

    public init(inputs: Int, outputs: Int, weights: [Float], bias: [Float], logAlpha: [Float]) {
        precondition(weights.count == inputs * outputs && bias.count == outputs && logAlpha.count == inputs,
                     "layer tensors do not match \(inputs)x\(outputs)")
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
        self.bias = bias
        self.logAlpha = logAlpha
    }

    /// A layer of zeros (an accumulator shaped like a layer).
    public static func zeros(inputs: Int, outputs: Int) -> GatedDenseLayer {
        GatedDenseLayer(inputs: inputs, outputs: outputs, weights: Array(repeating: 0, count: inputs * outputs),
                        bias: Array(repeating: 0, count: outputs), logAlpha: Array(repeating: 0, count: inputs))
    }

    /// Weights and biases (gates not counted).
    public var parameterCount: Int { inputs * outputs + outputs }

    /// The layer restricted to the inputs `rows` and the outputs `columns` (in that order).
    public func keeping(rows: [Int], columns: [Int]) -> GatedDenseLayer {
        var w = [Float](repeating: 0, count: rows.count * columns.count)
        let outs = outputs
        weights.withUnsafeBufferPointer { src in
            w.withUnsafeMutableBufferPointer { dst in
                for (r, j) in rows.enumerated() {
                    let from = j * outs, to = r * columns.count
                    for (c, k) in columns.enumerated() { dst[to + c] = src[from + k] }
                }
            }
        }
        return GatedDenseLayer(inputs: rows.count, outputs: columns.count, weights: w,
                               bias: columns.map { bias[$0] }, logAlpha: rows.map { logAlpha[$0] })
    }

    /// Sets every element to zero, keeping the shape and storage.
    public mutating func zero() {
        weights.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        bias.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        logAlpha.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
}

extension [GatedDenseLayer] {
    /// The layers with only the surviving units: `kept[l]` lists the inputs of layer l that
    /// stay (kept[0] the input features, kept[l] for l ≥ 1 the hidden units of layer l-1,
    /// which also lose their incoming weights and bias). Output units always stay.
    public func compacted(keeping kept: [[Int]]) -> [GatedDenseLayer] {
        precondition(kept.count == count, "one kept list per layer")
        return indices.map { l in
            let columns = l + 1 < count ? kept[l + 1] : [Int](0..<self[l].outputs)
            return self[l].keeping(rows: kept[l], columns: columns)
        }
    }
}
