/// Feeding examples to a network with one or more inputs: an example's features hold each
/// input's C × H × W values in turn (inputs in node order, `ConvNetwork.inputNodes`).
extension ConvForward {
    /// Transposes `b` examples (rows of `features`, `network.inputDimension` floats each,
    /// picked by `rows`) into the outputs of the network's input nodes.
    static func loadInputs(_ features: UnsafePointer<Float>, rows: (Int) -> Int, count b: Int, network: ConvNetwork, into ws: ConvWorkspace) {
        let dimension = network.inputDimension
        var offset = 0
        for n in network.inputNodes {
            let shape = network.nodes[n].shape, out = ws.outputs[n].base, p = shape.positions
            for i in 0..<b {
                let src = features + rows(i) * dimension + offset
                for ch in 0..<shape.channels { (out + (ch * b + i) * p).update(from: src + ch * p, count: p) }
            }
            offset += shape.count
        }
    }
}
