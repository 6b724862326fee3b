/// Evaluation of a convolutional network in eval mode: BN with its running statistics and
/// each filter's test-time gate times its mask.
public enum ConvEvaluation {
    /// Logits (count × classes, row-major) of `count` NCHW examples.
    public static func logits(of network: ConvNetwork, features: UnsafeBufferPointer<Float>, count: Int, chunk: Int = 256) -> [Float] {
        let classes = network.classes, dimension = network.inputShape.count
        var result = [Float](repeating: 0, count: count * classes)
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
            ConvForward.load(base, rows: { start + $0 }, count: b, shape: network.inputShape, into: ws)
            ConvForward.run(network, params: &params, count: b, training: false, ws: ws)
            let out = ws.outputs[network.nodes.count - 1].base
            for i in 0..<b {
                for k in 0..<classes { result[(start + i) * classes + k] = out[k * b + i] }
            }
            start += b
        }
        _ = dimension
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
