import Foundation

/// The MLP trainer as an `EpochTrainer`: its `run.start` (every option, the MLP's widths as
/// the model name) and what its summary says of the compact MLP.
extension DynHPTrainer: EpochTrainer {
    public var plannedEpochs: Int { state.config.totalEpochs }

    public func completeEpochEvent(_ event: inout DynHPEpoch) {}

    public func startEvent(resumed: Bool, startFields: JSONObject) -> RunStart {
        // Only small values are read out of the state: a held copy of it would make the
        // trainer's first in-place update copy every tensor.
        let config = state.config
        var extra = JSONObject()
        // Every option of the configuration (the same members as in checkpoints), with the
        // rates that default to --lr written out.
        for member in config.json where member.value != .null { extra[member.key] = member.value }
        extra["gate_lr"] = .double(config.gateLearningRate ?? config.learningRate)
        extra["finetune_lr"] = .double(config.finetuneLearningRate ?? config.learningRate)
        extra["pruning_epochs"] = .int(config.epochs)
        for member in startFields { extra[member.key] = member.value }
        extra["train_examples"] = .int(data.train.count)
        extra["validation_examples"] = .int(data.validation.count)
        extra["test_examples"] = .int(data.test.count)
        extra["params_initial"] = .int(state.model.initialParameterCount)
        extra["memory_model"] = .string("float32 weights+gates, gradients, optimiser moments + per example: activations, gate samples and slopes, deltas; memory_total_bytes = sum over steps")
        if resumed {
            extra["resumed_at_epoch"] = .int(state.epoch)
            extra["resumed_at_example"] = .int(state.position)
        }
        return RunStart(
            run: state.runID, ts: Date(), model: "mlp-" + config.widths.map(String.init).joined(separator: "-"),
            dataset: state.dataset, mode: config.mode.rawValue, lambda: config.lambda, gamma: config.threshold,
            alphaBS: config.alphaBS, budget: config.budgetBytes, epochs: config.totalEpochs, batchSize: config.batchSize,
            seed: Int(clamping: config.seed), extra: extra)
    }

    public func summaryFacts() -> RunSummaryFacts {
        let final = finalModel
        return RunSummaryFacts(
            epochsDone: state.epoch, lastReport: state.lastReport, params: final.parameterCount,
            paramsInitial: final.initialParameterCount, active: Array(final.widths.dropLast()), batchSize: state.batch.size,
            memoryTotalBytes: state.memoryTotalBytes, memoryBytesPeak: state.memoryHistory.max() ?? 0)
    }

    public func writeFinalModel(to directory: String, metrics: JSONObject) throws {
        try ModelArchive.write(finalModel, to: directory, metrics: metrics)
    }
}
