/// How clients' parameters are weighted in the average.
public enum FedLWeighting: String, Sendable, CaseIterable {
    /// FedAvg (McMahan et al., Flower): client k weighs n_k / Σ n.
    case examples
    /// The seed's formula (section 4.2.1): the plain mean over the K clients.
    case mean
}

/// One client's model for the average: its example count and its (sub-)model of the global one.
public struct FedLContribution: Sendable, Equatable {
    public var client: String
    public var examples: Int
    public var model: FedLModel

    public init(client: String, examples: Int, model: FedLModel) {
        self.client = client
        self.examples = examples
        self.model = model
    }
}

/// The result of one average: the new global model and what died in it.
public struct FedLAggregation: Sendable, Equatable {
    public var model: FedLModel
    /// Per gated layer, the global indices of units that died in this average.
    public var pruned: [[Int]]
    /// Per gated layer, the averaged log_alpha of every unit of the previous global model
    /// (in its order), before the dead ones were removed.
    public var averagedLogAlpha: [[Float]]
}

/// FedAvg of weights ω and gate parameters φ (= log_alpha) in the global index space, with
/// one-way hard-pruning masks (seed 4.2.1; notes/dynhp.md "Federated DynHP").
///
/// Clients train from the global model and may hard-prune units locally, so their models
/// are sub-models of it. For each unit of the global model:
/// - **weights and biases** are averaged over the clients that still hold them (a weight
///   from input j to output i: the clients holding both units). A client that pruned a
///   unit says nothing about the weights of a unit it no longer has. A parameter no client
///   holds keeps its global value.
/// - **log_alpha** is averaged over every contributing client; a client that pruned the
///   unit counts with the floor ln 0.01 (its gate is closed, as far as the parametrisation
///   allows). So a unit pruned by some clients sees its gate pushed towards closed in
///   proportion to their weight.
/// - a unit **dies in the global model** when the averaged gate's probability of being
///   non-zero, P(z ≠ 0) = sigmoid(log_alpha + 1.5986), is below the pruning threshold γ —
///   the expected value of the activation rate the clients' own hard pruning tests against γ.
///   A layer always keeps its most open unit.
/// - dead units are removed from the global model for good: clients only ever receive live
///   units, so no average can bring one back (the masks are monotone).
public enum FedAvg {
    /// The average of `contributions` (sub-models of `global`), weighted by `weighting`, with
    /// units below `threshold` removed. An empty list leaves the global model unchanged.
    public static func aggregate(_ global: FedLModel, _ contributions: [FedLContribution], weighting: FedLWeighting,
                                 threshold: Double) throws(FedLError) -> FedLAggregation {
        let depth = global.depth
        guard !contributions.isEmpty else {
            return FedLAggregation(model: global, pruned: Array(repeating: [], count: depth),
                                   averagedLogAlpha: global.network.layers.map(\.logAlpha))
        }
        // Per client and gated layer: for each global position, the client's position or -1.
        var maps: [[[Int]]] = []
        var weights: [Double] = []
        for c in contributions {
            guard let positions = global.positions(of: c.model) else {
                throw FedLError("client \(c.client): its model has units the global model does not (it must be a sub-model of the round's model)")
            }
            maps.append(zip(positions, global.units).map { list, units in
                var map = [Int](repeating: -1, count: units.count)
                for (clientPosition, globalPosition) in list.enumerated() { map[globalPosition] = clientPosition }
                return map
            })
            weights.append(weighting == .examples ? Double(max(0, c.examples)) : 1)
        }
        if weights.reduce(0, +) <= 0 { weights = weights.map { _ in 1 } }

        var layers = global.network.layers
        let floor = Double(HardConcrete.logAlphaRange.lowerBound)
        for l in 0..<depth {
            let globalLayer = global.network.layers[l]
            let inputs = globalLayer.inputs, outputs = globalLayer.outputs
            let last = l + 1 == depth
            var w = globalLayer.weights, b = globalLayer.bias, la = globalLayer.logAlpha
            // log_alpha over every client; pruned units count as closed.
            for p in 0..<inputs {
                var sum = 0.0, total = 0.0
                for (k, c) in contributions.enumerated() {
                    let q = maps[k][l][p]
                    sum += weights[k] * (q >= 0 ? Double(c.model.network.layers[l].logAlpha[q]) : floor)
                    total += weights[k]
                }
                la[p] = HardConcrete.clamped(Float(sum / total))
            }
            // Biases over the clients holding the output unit (every client for the last layer).
            for o in 0..<outputs {
                var sum = 0.0, total = 0.0
                for (k, c) in contributions.enumerated() {
                    let q = last ? o : maps[k][l + 1][o]
                    guard q >= 0 else { continue }
                    sum += weights[k] * Double(c.model.network.layers[l].bias[q])
                    total += weights[k]
                }
                if total > 0 { b[o] = Float(sum / total) }
            }
            // Weights over the clients holding both ends.
            var sums = [Double](repeating: 0, count: inputs * outputs)
            var totals = [Double](repeating: 0, count: inputs * outputs)
            for (k, c) in contributions.enumerated() {
                let layer = c.model.network.layers[l]
                let clientOutputs = layer.outputs
                let outMap: [Int] = last ? Array(0..<outputs) : maps[k][l + 1]
                let inMap = maps[k][l]
                let wk = weights[k]
                layer.weights.withUnsafeBufferPointer { cw in
                    for p in 0..<inputs {
                        let q = inMap[p]
                        guard q >= 0 else { continue }
                        let row = q * clientOutputs, target = p * outputs
                        for o in 0..<outputs {
                            let r = outMap[o]
                            guard r >= 0 else { continue }
                            sums[target + o] += wk * Double(cw[row + r])
                            totals[target + o] += wk
                        }
                    }
                }
            }
            for i in 0..<(inputs * outputs) where totals[i] > 0 { w[i] = Float(sums[i] / totals[i]) }
            layers[l] = GatedDenseLayer(inputs: inputs, outputs: outputs, weights: w, bias: b, logAlpha: la)
        }
        let averaged = FedLModel(network: GatedMLP(initialWidths: global.initialWidths, inputIndices: global.network.inputIndices,
                                                   layers: layers), hidden: global.hidden)
        let survivors = layers.map { Self.survivors(logAlpha: $0.logAlpha, threshold: threshold) }
        let model = averaged.keeping(positions: survivors)
        let pruned = global.units.indices.map { l in
            let alive = Set(survivors[l])
            return global.units[l].indices.filter { !alive.contains($0) }.map { global.units[l][$0] }
        }
        return FedLAggregation(model: model, pruned: pruned, averagedLogAlpha: layers.map(\.logAlpha))
    }

    /// The positions whose gate stays: P(z ≠ 0) ≥ threshold; the most open one if none would.
    static func survivors(logAlpha: [Float], threshold: Double) -> [Int] {
        let kept = logAlpha.indices.filter { Double(HardConcrete.probabilityNonZero(logAlpha: logAlpha[$0])) >= threshold }
        if !kept.isEmpty || logAlpha.isEmpty { return kept }
        return [logAlpha.indices.max { logAlpha[$0] < logAlpha[$1] } ?? 0]
    }
}
