import Foundation

/// `DynHPRunDriver` for convolutional runs: `run.start`, one `dynhp.epoch` per epoch (with
/// `active` the open filters per gated layer and `active_initial` the filters each started
/// with) and `run.end`; the final compact model goes to `modelDirectory` (`ConvModelArchive`).
public struct ConvRunDriver {
    public let trainer: ConvTrainer
    public let resumed: Bool
    public let modelDirectory: String?
    public let startFields: JSONObject

    public init(trainer: ConvTrainer, resumed: Bool = false, modelDirectory: String? = nil, startFields: JSONObject = [:]) {
        self.trainer = trainer
        self.resumed = resumed
        self.modelDirectory = modelDirectory
        self.startFields = startFields
    }

    public func run(
        shouldStop: @escaping @Sendable () -> Bool,
        progress: (Int, Double) -> Void = { _, _ in },
        afterEpoch: (ConvTrainer) throws -> Void = { _ in },
        interruption: (ConvTrainer) throws -> JSONObject = { _ in JSONObject() },
        emit: (MetricEvent) -> Void
    ) throws -> DynHPRunOutcome {
        emit(.runStart(startEvent()))
        let started = Date()
        var samples = 0
        while !trainer.state.isFinished {
            let epoch = trainer.state.epoch + 1
            let before = trainer.state.position
            let epochStarted = Date()
            guard let report = trainer.trainEpoch(shouldStop: shouldStop, progress: { progress(epoch, $0) }) else {
                samples += trainer.state.position - before
                var o = summary(started: started, samples: samples)
                o["epoch"] = .int(trainer.state.epoch + 1)
                o["position"] = .int(trainer.state.position)
                for member in try interruption(trainer) { o[member.key] = member.value }
                emit(.runEnd(RunEnd(run: trainer.state.runID, ts: Date(), status: RunEnd.interrupted, summary: o)))
                return .interrupted
            }
            let trained = trainer.data.train.count - before
            samples += trained
            var event = DynHPRunDriver.epochEvent(report, run: trainer.state.runID)
            event.samplesPerSecond = DynHPRunDriver.rate(trained, since: epochStarted)
            event.activeInitial = initialFilters
            if let mae = trainer.lastMeanAbsoluteErrors {
                event.errorMetric = DynHPEpoch.meanSquaredErrorMetric
                event.valMAE = mae.validation
                event.testMAE = mae.test
            }
            emit(.dynhpEpoch(event))
            try afterEpoch(trainer)
        }
        var o = summary(started: started, samples: samples)
        if let dir = modelDirectory {
            try ConvModelArchive.write(trainer.finalModel, to: dir, metrics: o)
            o["model_dir"] = .string(dir)
        }
        emit(.runEnd(RunEnd(run: trainer.state.runID, ts: Date(), status: RunEnd.completed, summary: o)))
        return .completed
    }

    /// Filters each gated layer started with, in `active`'s order.
    var initialFilters: [Int] {
        let network = trainer.state.network
        return network.gatedNodes.map { network.initialFilters[$0] ?? network.nodes[$0].shape.channels }
    }

    func startEvent() -> RunStart {
        let config = trainer.state.config
        let network = trainer.state.network
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
            extra["baseline_val_mse"] = .double(ConvEvaluation.meanTargetBaseline(train: trainer.data.train, on: trainer.data.validation))
            extra["baseline_test_mse"] = .double(ConvEvaluation.meanTargetBaseline(train: trainer.data.train, on: trainer.data.test))
        }
        extra["filters_initial"] = .array(initialFilters.map { .int($0) })
        extra["train_examples"] = .int(trainer.data.train.count)
        extra["validation_examples"] = .int(trainer.data.validation.count)
        extra["test_examples"] = .int(trainer.data.test.count)
        extra["params_initial"] = .int(network.initialParameterCount)
        extra["memory_model"] = .string("float32 parameters+gates, gradients, optimiser moments, BN statistics, one im2col scratch + per example: every node's output and gradient, convolutions' pre-activations; memory_total_bytes = sum over steps")
        if resumed {
            extra["resumed_at_epoch"] = .int(trainer.state.epoch)
            extra["resumed_at_example"] = .int(trainer.state.position)
        }
        return RunStart(
            run: trainer.state.runID, ts: Date(), model: config.modelName, dataset: trainer.state.dataset,
            mode: config.mode.rawValue, lambda: config.lambda, gamma: config.threshold, alphaBS: config.alphaBS,
            budget: config.budgetBytes, epochs: config.epochs, batchSize: config.batchSize,
            seed: Int(clamping: config.seed), extra: extra)
    }

    func summary(started: Date, samples: Int) -> JSONObject {
        let s = trainer.state
        let final = trainer.finalModel
        let seconds = Date().timeIntervalSince(started)
        var o = JSONObject()
        o["epochs_done"] = .int(s.epoch)
        if let r = s.lastReport {
            o["train_error"] = .double(r.trainError)
            o["val_error"] = .double(r.validationError)
            o["test_error"] = .double(r.testError)
        }
        if s.network.loss == .meanSquaredError {
            o["error_metric"] = .string(DynHPEpoch.meanSquaredErrorMetric)
            if let mae = trainer.lastMeanAbsoluteErrors {
                o["val_mae"] = .double(mae.validation)
                o["test_mae"] = .double(mae.test)
            }
        }
        o["params"] = .int(final.parameterCount)
        o["params_initial"] = .int(final.initialParameterCount)
        o["size_bytes"] = .int(final.parameterCount * 4)
        o["size_reduction"] = .double(1 - Double(final.parameterCount) / Double(max(1, final.initialParameterCount)))
        o["active"] = .array(final.openFilters.map { .int($0) })
        o["active_initial"] = .array(initialFilters.map { .int($0) })
        o["batch_size"] = .int(s.batch.size)
        o["memory_total_bytes"] = .int(s.memoryTotalBytes)
        o["memory_bytes_peak"] = .int(s.memoryHistory.max() ?? 0)
        o["seconds"] = .double((seconds * 1000).rounded() / 1000)
        o["samples_per_second"] = .double(seconds > 0 ? (Double(samples) / seconds).rounded() : 0)
        return o
    }
}
