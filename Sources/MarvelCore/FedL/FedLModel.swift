/// A federated model in the global index space: a compact gated MLP (only live units are
/// stored) plus, for each gated layer, the indices its units have in the full network the
/// run started from. The indices are the masks: a unit absent from `units[l]` is dead
/// (hard-pruned) in this model. The server's global model and every client's local model
/// use this form, so models of different widths line up unit by unit.
///
/// On the wire (NPY 1.0 bodies) a model is, per gated layer l: `w{l}` float32 (in × out),
/// `b{l}` float32 (out), `log_alpha{l}` float32 (in) and `units{l}` int64 (in).
public struct FedLModel: Sendable, Equatable {
    public var network: GatedMLP
    /// Global indices of the hidden units still alive: `hidden[l]` for the outputs of layer l
    /// (l < depth − 1), i.e. the inputs of layer l + 1.
    public var hidden: [[Int]]

    public init(network: GatedMLP, hidden: [[Int]]) {
        self.network = network
        self.hidden = hidden
    }

    /// A fresh model of `widths` (GatedMLP.random), every unit alive.
    public static func initial(widths: [Int], seed: UInt64) -> FedLModel {
        var rng = Xoshiro256(seed: seed)
        let network = GatedMLP.random(widths: widths, using: &rng)
        return FedLModel(network: network, hidden: widths.dropFirst().dropLast().map { Array(0..<$0) })
    }

    /// The widths of the full network, inputs first.
    public var initialWidths: [Int] { network.initialWidths }

    /// Gated layers (dense layers).
    public var depth: Int { network.layers.count }

    /// For each gated layer, the global indices of its input units (features, then hidden units).
    public var units: [[Int]] { [network.inputIndices] + hidden }

    /// Live units per gated layer (inputs first).
    public var active: [Int] { units.map(\.count) }

    /// Whether each unit of gated layer `l` of the full network is alive.
    public func mask(layer l: Int) -> [Bool] {
        var mask = [Bool](repeating: false, count: initialWidths[l])
        for j in units[l] { mask[j] = true }
        return mask
    }

    /// Weights and biases of the model without units whose test-time gate is closed.
    public var effectiveParameters: Int { network.removingClosedGates().parameterCount }

    /// The model restricted to `positions[l]` (positions into `units[l]`, ascending) per gated layer.
    public func keeping(positions: [[Int]]) -> FedLModel {
        let compact = network.compacted(keeping: positions)
        let hidden = self.hidden.indices.map { l in positions[l + 1].map { self.hidden[l][$0] } }
        return FedLModel(network: compact, hidden: hidden)
    }

    /// The positions in this model of `other`'s units, per gated layer; nil when `other` has a
    /// unit this model does not (then it is not a sub-model of this one).
    public func positions(of other: FedLModel) -> [[Int]]? {
        guard other.depth == depth, other.initialWidths == initialWidths else { return nil }
        var out: [[Int]] = []
        for (mine, theirs) in zip(units, other.units) {
            var index: [Int: Int] = [:]
            for (p, j) in mine.enumerated() { index[j] = p }
            var list: [Int] = []
            for j in theirs {
                guard let p = index[j] else { return nil }
                list.append(p)
            }
            out.append(list)
        }
        return out
    }

    /// The units of this model missing from `other` (a sub-model), as global indices per layer.
    public func unitsMissing(from other: FedLModel) -> [[Int]] {
        zip(units, other.units).map { mine, theirs in
            let kept = Set(theirs)
            return mine.filter { !kept.contains($0) }
        }
    }

    // MARK: - Wire form

    /// The tensor names of a model with `depth` gated layers, in sending order.
    public static func tensorNames(depth: Int) -> [String] {
        (0..<depth).flatMap { ["w\($0)", "b\($0)", "log_alpha\($0)", "units\($0)"] }
    }

    /// The model as named NPY tensors.
    public func tensors() -> [String: NPYArray] {
        var out: [String: NPYArray] = [:]
        for (l, layer) in network.layers.enumerated() {
            out["w\(l)"] = NPYArray(layer.weights, shape: [layer.inputs, layer.outputs])
            out["b\(l)"] = NPYArray(layer.bias)
            out["log_alpha\(l)"] = NPYArray(layer.logAlpha)
            out["units\(l)"] = NPYArray(units[l].map { Int64($0) })
        }
        return out
    }

    /// Reads a model from named tensors sent by a peer, checking every shape, index and value:
    /// `initialWidths` is the full network of the run; `source` names the sender in errors.
    public init(tensors: [String: NPYArray], initialWidths: [Int], source: String) throws(FedLError) {
        let depth = initialWidths.count - 1
        guard depth >= 1 else { throw FedLError("\(source): the run's architecture has no layer") }
        var layers: [GatedDenseLayer] = []
        var units: [[Int]] = []
        for l in 0..<depth {
            func tensor(_ name: String) throws(FedLError) -> NPYArray {
                guard let t = tensors[name] else { throw FedLError("\(source): tensor \(name) is missing; send all of \(Self.tensorNames(depth: depth).joined(separator: ", "))") }
                return t
            }
            let w = try tensor("w\(l)"), b = try tensor("b\(l)"), la = try tensor("log_alpha\(l)"), u = try tensor("units\(l)")
            guard let indices = u.int64s, u.shape.count == 1 else {
                throw FedLError("\(source): units\(l) must be a 1-d int64 tensor, got \(u.dtype.rawValue) \(u.shape)")
            }
            let list = indices.map { Int($0) }
            let full = initialWidths[l]
            guard !list.isEmpty, zip(list, list.dropFirst()).allSatisfy({ $0.0 < $0.1 }), list.allSatisfy({ (0..<full).contains($0) }) else {
                throw FedLError("\(source): units\(l) must list distinct increasing indices in 0..<\(full), at least one")
            }
            let inputs = list.count
            let outputs = l + 1 < depth ? -1 : initialWidths[depth]
            guard let weights = w.floats, w.shape.count == 2, w.shape[0] == inputs, outputs < 0 || w.shape[1] == outputs else {
                throw FedLError("\(source): w\(l) must be float32 (\(inputs), \(outputs < 0 ? "units\(l + 1)" : String(outputs))), got \(w.dtype.rawValue) \(w.shape)")
            }
            let outs = w.shape[1]
            guard let bias = b.floats, b.shape == [outs] else {
                throw FedLError("\(source): b\(l) must be float32 (\(outs),), got \(b.dtype.rawValue) \(b.shape)")
            }
            guard let logAlpha = la.floats, la.shape == [inputs] else {
                throw FedLError("\(source): log_alpha\(l) must be float32 (\(inputs),), got \(la.dtype.rawValue) \(la.shape)")
            }
            guard weights.allSatisfy(\.isFinite), bias.allSatisfy(\.isFinite), logAlpha.allSatisfy(\.isFinite) else {
                throw FedLError("\(source): layer \(l) holds NaN or infinite values; the client's training diverged (lower --lr)")
            }
            if l > 0, layers[l - 1].outputs != inputs {
                throw FedLError("\(source): w\(l - 1) has \(layers[l - 1].outputs) outputs but units\(l) lists \(inputs) units")
            }
            layers.append(GatedDenseLayer(inputs: inputs, outputs: outs, weights: weights, bias: bias, logAlpha: logAlpha))
            units.append(list)
        }
        let network = GatedMLP(initialWidths: initialWidths, inputIndices: units[0], layers: layers)
        self.init(network: network, hidden: Array(units.dropFirst()))
    }
}
