/// Evaluation of a convolutional network in eval mode: BN with its running statistics and
/// each filter's test-time gate times its mask.
public enum ConvEvaluation {
    /// Logits (count × classes, row-major) of `count` NCHW examples; for a network whose
    /// output is a map, each example's C × H × W values.
    public static func logits(of network: ConvNetwork, features: UnsafeBufferPointer<Float>, count: Int, chunk: Int = 256) -> [Float] {
        let shape = network.outputShape, outputs = shape.count, p = shape.positions
        var result = [Float](repeating: 0, count: count * outputs)
        guard count > 0, let base = features.baseAddress else { return result }
        let ws = ConvWorkspace(network: network, capacity: min(chunk, count))
        for n in network.gatedNodes {
            let p = network.params[n]
            ws.gates[n] = p.logAlpha.indices.map { HardConcrete.testGate(logAlpha: p.logAlpha[$0]) * p.mask[$0] }
        }
        var params = network.params
        var start = 0
        while start < count {
            let b = min(chunk, count - start)
            ConvForward.loadInputs(base, rows: { start + $0 }, count: b, network: network, into: ws)
            ConvForward.run(network, params: &params, count: b, training: false, ws: ws)
            let out = ws.outputs[network.nodes.count - 1].base
            for i in 0..<b {
                for c in 0..<shape.channels {
                    for q in 0..<p { result[(start + i) * outputs + c * p + q] = out[(c * b + i) * p + q] }
                }
            }
            start += b
        }
        return result
    }

    /// The fraction of `set` the network classifies wrongly.
    public static func error(of network: ConvNetwork, on set: LabeledSet) -> Double {
        guard set.count > 0 else { return 0 }
        let out = set.features.withUnsafeBufferPointer { logits(of: network, features: $0, count: set.count) }
        let classes = network.classes
        var wrong = 0
        for i in 0..<set.count {
            var best = 0
            for k in 1..<max(1, classes) where out[i * classes + k] > out[i * classes + best] { best = k }
            if best != Int(set.labels[i]) { wrong += 1 }
        }
        return Double(wrong) / Double(set.count)
    }
}

extension ConvEvaluation {
    /// Mean squared and mean absolute error of a regression network's outputs against the
    /// set's targets (every output value of every example counts once).
    public static func regressionErrors(of network: ConvNetwork, on set: LabeledSet) -> (squared: Double, absolute: Double) {
        guard set.count > 0, set.targetDimension == network.outputShape.count else { return (.nan, .nan) }
        let out = set.features.withUnsafeBufferPointer { outputs(of: network, features: $0, count: set.count) }
        var squares = 0.0, absolute = 0.0
        for (y, t) in zip(out, set.targets) {
            let d = Double(y - t)
            squares += d * d
            absolute += abs(d)
        }
        return (squares / Double(out.count), absolute / Double(out.count))
    }

    /// The outputs (count × C·H·W, each example's C × H × W in order) of `count` examples.
    public static func outputs(of network: ConvNetwork, features: UnsafeBufferPointer<Float>, count: Int) -> [Float] {
        logits(of: network, features: features, count: count)
    }
}

extension ConvEvaluation {
    /// The mean squared error of always predicting `train`'s mean target (per output value)
    /// on `set`: what a regression network must beat to have learnt anything.
    public static func meanTargetBaseline(train: LabeledSet, on set: LabeledSet) -> Double {
        let d = train.targetDimension
        guard d > 0, train.count > 0, set.count > 0, set.targetDimension == d else { return .nan }
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<train.count { for k in 0..<d { mean[k] += Double(train.targets[i * d + k]) } }
        for k in 0..<d { mean[k] /= Double(train.count) }
        var squares = 0.0
        for i in 0..<set.count {
            for k in 0..<d {
                let e = Double(set.targets[i * d + k]) - mean[k]
                squares += e * e
            }
        }
        return squares / Double(set.count * d)
    }
}
