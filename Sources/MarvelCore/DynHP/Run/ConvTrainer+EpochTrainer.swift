import Foundation

/// The convolutional trainer as an `EpochTrainer`: `active` counts the open filters per gated
/// layer and `active_initial` the filters each started with; mean squared error runs add
/// their MAE; the final compact model goes out through `ConvModelArchive`.
extension ConvTrainer: EpochTrainer {
    public var plannedEpochs: Int { state.config.epochs }

    /// Filters each gated layer started with, in `active`'s order.
    var initialFilters: [Int] {
        let network = state.network
        return network.gatedNodes.map { network.initialFilters[$0] ?? network.nodes[$0].shape.channels }
    }

    public func completeEpochEvent(_ event: inout DynHPEpoch) {
        event.activeInitial = initialFilters
        if let mae = lastMeanAbsoluteErrors {
            event.errorMetric = DynHPEpoch.meanSquaredErrorMetric
            event.valMAE = mae.validation
            event.testMAE = mae.test
        }
    }

    public func startEvent(resumed: Bool, startFields: JSONObject) -> RunStart {
        let config = state.config
        let network = state.network
        var extra = JSONObject()
        for member in config.json where member.value != .null { extra[member.key] = member.value }
        extra["gate_lr"] = .double(config.gateLearningRate ?? config.learningRate)
        for member in startFields { extra[member.key] = member.value }
        extra["input_shape"] = .array([.int(network.inputShape.channels), .int(network.inputShape.height), .int(network.inputShape.width)])
        if network.inputNodes.count > 1 {
            extra["input_shapes"] = .array(network.inputNodes.map { n in
                let s = network.nodes[n].shape
                return .array([.int(s.channels), .int(s.height), .int(s.width)])
            })
        }
        extra["loss_kind"] = .string(network.loss.rawValue)
        if network.loss == .meanSquaredError {
            extra["error_metric"] = .string(DynHPEpoch.meanSquaredErrorMetric)
            // What always predicting the training set's mean target scores: the MSE to beat.
            extra["baseline_val_mse"] = .double(ConvEvaluation.meanTargetBaseline(train: data.train, on: data.validation))
            extra["baseline_test_mse"] = .double(ConvEvaluation.meanTargetBaseline(train: data.train, on: data.test))
        }
        extra["filters_initial"] = .array(initialFilters.map { .int($0) })
        extra["train_examples"] = .int(data.train.count)
        extra["validation_examples"] = .int(data.validation.count)
        extra["test_examples"] = .int(data.test.count)
        extra["params_initial"] = .int(network.initialParameterCount)
        extra["memory_model"] = .string("float32 parameters+gates, gradients, optimiser moments, BN statistics, one im2col scratch\(state.config.mode == .dynhp ? ", the largest per-example gradient share of ‖S‖₁" : "") + per example: every node's output and gradient, convolutions' pre-activations; memory_total_bytes = sum over steps")
        if resumed {
            extra["resumed_at_epoch"] = .int(state.epoch)
            extra["resumed_at_example"] = .int(state.position)
        }
        return RunStart(
            run: state.runID, ts: Date(), model: config.modelName, dataset: state.dataset,
            mode: config.mode.rawValue, lambda: config.lambda, gamma: config.threshold, alphaBS: config.alphaBS,
            budget: config.budgetBytes, epochs: config.epochs, batchSize: config.batchSize,
            seed: Int(clamping: config.seed), extra: extra)
    }

    public func summaryFacts() -> RunSummaryFacts {
        let final = finalModel
        var facts = RunSummaryFacts(
            epochsDone: state.epoch, lastReport: state.lastReport, params: final.parameterCount,
            paramsInitial: final.initialParameterCount, active: final.openFilters, batchSize: state.batch.size,
            memoryTotalBytes: state.memoryTotalBytes, memoryBytesPeak: state.memoryHistory.max() ?? 0)
        facts.isRegression = state.network.loss == .meanSquaredError
        facts.meanAbsoluteErrors = lastMeanAbsoluteErrors
        facts.activeInitial = initialFilters
        return facts
    }

    public func writeFinalModel(to directory: String, metrics: JSONObject) throws {
        try ConvModelArchive.write(finalModel, to: directory, metrics: metrics)
    }
}
