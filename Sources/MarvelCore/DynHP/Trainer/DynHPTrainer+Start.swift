extension DynHPTrainer {
    /// A run that starts from `model`'s parameters (possibly already pruned) instead of a
    /// random network: fresh optimiser state, gate counters and epoch counters, the given
    /// random generator, and `batchSize` (default: the configuration's) as the first batch.
    /// `config.widths` must be the widths `model` started from (`model.initialWidths`).
    /// This is how a federated client trains its local epochs from the global model.
    public convenience init(startingFrom model: GatedMLP, config: DynHPConfig, data: DynHPData, runID: String,
                            rng: Xoshiro256, batchSize: Int? = nil) throws {
        try Self.validate(config, data)
        guard model.initialWidths == config.widths else {
            throw DynHPError("the model started as \(model.initialWidths.map(String.init).joined(separator: "-")), not --arch \(config.widths.map(String.init).joined(separator: "-"))")
        }
        guard let first = model.layers.first, first.inputs == model.inputIndices.count,
              model.inputIndices.allSatisfy({ (0..<config.widths[0]).contains($0) }),
              zip(model.layers, model.layers.dropFirst()).allSatisfy({ $0.0.outputs == $0.1.inputs }),
              model.layers.count == config.widths.count - 1,
              model.layers.last?.outputs == config.widths.last
        else { throw DynHPError("the model's layers do not fit together (widths \(model.widths))") }
        let cap = Self.batchCap(config, model, data)
        guard cap >= 1 else {
            throw DynHPError("--budget \(config.budgetBytes) bytes cannot hold the model itself; raise --budget")
        }
        let state = DynHPTrainerState(
            runID: runID, dataset: data.name, config: config, model: model,
            optimizer: OptimizerState(kind: config.optimizer, learningRate: Float(config.learningRate),
                                      gateLearningRate: config.gateLearningRate.map { Float($0) },
                                      momentum: Float(config.momentum), shapes: model.layers),
            rng: rng, epoch: 0, position: 0, permutation: [],
            activity: model.layers.map { GateActivity(gates: $0.inputs) },
            batch: DynamicBatchSize(size: min(batchSize ?? config.batchSize, data.train.count), alpha: config.alphaBS, cap: cap),
            epochLoss: 0, epochCorrect: 0, epochSeen: 0, epochSteps: 0, epochPeakBatch: 0, memoryHistory: [],
            lastReport: nil,
            average: config.emaDecay > 0 ? ParameterAverage(decay: Float(config.emaDecay), shapes: model.layers) : nil)
        try self.init(state: state, data: data)
    }
}
