/// The checks a network read from disk passes before anything runs on it, shared by
/// `dynhp eval` (a model folder) and `dynhp train --resume` (a checkpoint): the trainer
/// and inference index raw buffers with these shapes and indices, so a file that lies
/// about them must be refused here, with one line, rather than crash later.
public enum ModelCheck {
    /// Largest value a checkpoint's counters may hold (2^62).
    static let counterLimit = 1 << 62

    /// Why the network cannot be run, nil when it can: at least two positive initial
    /// widths; one layer per pair of them, each layer's tensors the size its shape says
    /// (counted without overflow), consecutive layers that fit together, no layer wider
    /// than it started, the outputs as they started, and one input index per input of the
    /// first layer, each a feature of the original input.
    public static func problem(initialWidths: [Int], inputIndices: [Int], layers: [GatedDenseLayer]) -> String? {
        guard initialWidths.count >= 2, initialWidths.allSatisfy({ $0 > 0 }) else {
            return "arch_initial \(initialWidths) needs at least two positive widths"
        }
        guard layers.count == initialWidths.count - 1 else {
            return "\(layers.count) layers for arch_initial \(initialWidths) (expected \(initialWidths.count - 1))"
        }
        for (l, layer) in layers.enumerated() {
            if let problem = shapeProblem(layer, name: "layer \(l)") { return problem }
            guard layer.inputs <= initialWidths[l] else {
                return "layer \(l) has \(layer.inputs) inputs, more than the \(initialWidths[l]) it started with"
            }
            if l + 1 < layers.count, layers[l + 1].inputs != layer.outputs {
                return "layer \(l) has \(layer.outputs) outputs but layer \(l + 1) reads \(layers[l + 1].inputs)"
            }
        }
        if let last = layers.last, last.outputs != initialWidths[initialWidths.count - 1] {
            return "the last layer has \(last.outputs) outputs, not the \(initialWidths[initialWidths.count - 1]) classes it started with"
        }
        guard inputIndices.count == layers[0].inputs else {
            return "input_indices holds \(inputIndices.count) indices for \(layers[0].inputs) inputs"
        }
        if let bad = inputIndices.first(where: { !(0..<initialWidths[0]).contains($0) }) {
            return "input_indices holds \(bad), outside 0..<\(initialWidths[0])"
        }
        return nil
    }

    /// A layer made of tensors read from disk; nil when they do not have its shape.
    public static func layer(inputs: Int, outputs: Int, weights: [Float], bias: [Float], logAlpha: [Float]) -> GatedDenseLayer? {
        let (cells, overflow) = inputs.multipliedReportingOverflow(by: outputs)
        guard inputs > 0, outputs > 0, !overflow, weights.count == cells, bias.count == outputs, logAlpha.count == inputs
        else { return nil }
        return GatedDenseLayer(inputs: inputs, outputs: outputs, weights: weights, bias: bias, logAlpha: logAlpha)
    }

    /// Why a layer's tensors do not match its shape, nil when they do.
    public static func shapeProblem(_ layer: GatedDenseLayer, name: String) -> String? {
        guard layer.inputs > 0, layer.outputs > 0 else {
            return "\(name) is \(layer.inputs)x\(layer.outputs); both sides must be positive"
        }
        let (cells, overflow) = layer.inputs.multipliedReportingOverflow(by: layer.outputs)
        guard !overflow, layer.weights.count == cells, layer.bias.count == layer.outputs,
              layer.logAlpha.count == layer.inputs
        else { return "\(name)'s tensors do not match its \(layer.inputs)x\(layer.outputs) shape" }
        return nil
    }

    /// Why `state` cannot continue on a training set of `trainingExamples` examples (nil:
    /// not known yet, as when a checkpoint is read before the data) with a batch cap of at
    /// most `batchCapLimit` (what the budget allows the network now), nil when it can: the
    /// network passes `problem(initialWidths:…)` and matches the configuration, every
    /// per-layer companion (optimiser moments, the average, gate counters) has the
    /// network's shapes, the counters are not negative, the epoch's example order is empty
    /// or one entry per training example, each an example that exists, the position lies
    /// inside it, the counters are below 2^62 (so training can add to them), and the batch
    /// size and cap are within what the budget allows.
    public static func problem(of state: DynHPTrainerState, trainingExamples: Int?, batchCapLimit: Int) -> String? {
        let model = state.model
        if let problem = problem(initialWidths: model.initialWidths, inputIndices: model.inputIndices, layers: model.layers) {
            return problem
        }
        guard model.initialWidths == state.config.widths else {
            return "arch_initial \(model.initialWidths) differs from the configuration's arch \(state.config.widths)"
        }
        let companions: [(prefix: String, layers: [GatedDenseLayer], required: Bool)] = [
            ("m_", state.optimizer.first, true), ("v_", state.optimizer.second, state.config.optimizer == .adam),
            ("ema_", state.average?.layers ?? [], state.average != nil),
        ]
        for (prefix, layers, required) in companions where required || !layers.isEmpty {
            guard layers.count == model.layers.count else { return "\(prefix)* holds \(layers.count) layers for \(model.layers.count)" }
            for (l, layer) in layers.enumerated() {
                if let problem = shapeProblem(layer, name: "\(prefix)layer \(l)") { return problem }
                guard layer.inputs == model.layers[l].inputs, layer.outputs == model.layers[l].outputs else {
                    return "\(prefix)layer \(l) is \(layer.inputs)x\(layer.outputs), the network's is \(model.layers[l].inputs)x\(model.layers[l].outputs)"
                }
            }
        }
        guard state.activity.count == model.layers.count else { return "\(state.activity.count) activity counters for \(model.layers.count) layers" }
        for (l, activity) in state.activity.enumerated() {
            guard activity.gates == model.layers[l].inputs, activity.observations >= 0,
                  activity.activeCounts.allSatisfy({ (0...activity.observations).contains($0) })
            else { return "activity\(l) does not match layer \(l) (\(model.layers[l].inputs) gates, counts within 0…observations)" }
        }
        let counters = [
            ("epoch", state.epoch), ("optimizer_step", state.optimizer.step), ("epoch_correct", state.epochCorrect),
            ("epoch_seen", state.epochSeen), ("epoch_steps", state.epochSteps), ("epoch_peak_batch", state.epochPeakBatch),
            ("memory_total_bytes", state.memoryTotalBytes), ("ema_steps", state.average?.steps ?? 0),
        ]
        if let (name, value) = counters.first(where: { $0.1 < 0 }) { return "\(name) is \(value); it cannot be negative" }
        // Training adds to these at every step; no run comes near 2^62, and below it no sum overflows.
        if let (name, value) = counters.first(where: { $0.1 >= counterLimit }) {
            return "\(name) is \(value), more than any run reaches (2^62)"
        }
        if state.permutation.isEmpty {
            guard state.position == 0 else { return "position is \(state.position) but the epoch has no example order (permutation)" }
        } else {
            let order = state.permutation.count
            if let n = trainingExamples {
                guard order == n else { return "permutation holds \(order) examples; the training set has \(n)" }
                if let bad = state.permutation.first(where: { !(0..<n).contains(Int($0)) }) {
                    return "permutation holds example \(bad), outside 0..<\(n)"
                }
            }
            guard (0...order).contains(state.position) else { return "position is \(state.position), outside 0…\(order)" }
        }
        guard state.batch.cap >= 1, state.batch.cap <= max(1, batchCapLimit) else {
            return "batch_cap is \(state.batch.cap); the budget allows 1…\(max(1, batchCapLimit)) for this network"
        }
        guard (1...state.batch.cap).contains(state.batch.size) else {
            return "batch_size is \(state.batch.size), outside 1…\(state.batch.cap) (batch_cap)"
        }
        return nil
    }
}
