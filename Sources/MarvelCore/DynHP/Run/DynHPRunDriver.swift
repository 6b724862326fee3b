import Foundation

/// How a `DynHPRunDriver.run` ended.
public enum DynHPRunOutcome: Sendable, Equatable {
    /// Every configured epoch was trained (and the model folder written when asked).
    case completed
    /// `shouldStop` said so between two steps; the trainer's state is consistent.
    case interrupted
}

/// Runs a trainer to its end and produces the run's metric events: `run.start`, one
/// `dynhp.epoch` per finished epoch and `run.end` with the summary (the `marvdash dynhp
/// train` lines). Used by the CLI and by the embedded cluster's training pods.
///
/// `DynHPTrainer` is a class: the driver trains the very instance it was given, so the
/// caller sees its state (for checkpoints) while and after the driver runs.
public struct DynHPRunDriver {
    public let trainer: DynHPTrainer
    /// Whether the trainer continues a checkpoint (recorded in `run.start`).
    public let resumed: Bool
    /// Where the final model goes (`ModelArchive`) when the run completes; nil: nowhere.
    public let modelDirectory: String?
    /// Members added to `run.start` (e.g. `sweep`: the sweep the run belongs to).
    public let startFields: JSONObject

    public init(trainer: DynHPTrainer, resumed: Bool = false, modelDirectory: String? = nil, startFields: JSONObject = [:]) {
        self.trainer = trainer
        self.resumed = resumed
        self.modelDirectory = modelDirectory
        self.startFields = startFields
    }

    /// Trains epoch by epoch until the configured epochs are done or `shouldStop` returns true
    /// (checked between steps). `progress` gets the 1-based epoch and the fraction of it done;
    /// `afterEpoch` runs after each `dynhp.epoch` is emitted (e.g. to save a checkpoint);
    /// `interruption` adds fields to the interrupted run's summary just before its `run.end`.
    public func run(
        shouldStop: @escaping @Sendable () -> Bool,
        progress: (Int, Double) -> Void = { _, _ in },
        afterEpoch: (DynHPTrainer) throws -> Void = { _ in },
        interruption: (DynHPTrainer) throws -> JSONObject = { _ in JSONObject() },
        emit: (MetricEvent) -> Void
    ) throws -> DynHPRunOutcome {
        emit(.runStart(startEvent()))
        let started = Date()
        var samples = 0
        while !trainer.state.isFinished {
            let epoch = trainer.state.epoch + 1
            let before = trainer.state.position
            let epochStarted = Date()
            let report = trainer.trainEpoch(shouldStop: shouldStop) { fraction in progress(epoch, fraction) }
            guard let report else {
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
            var event = Self.epochEvent(report, run: trainer.state.runID)
            event.samplesPerSecond = Self.rate(trained, since: epochStarted)
            emit(.dynhpEpoch(event))
            try afterEpoch(trainer)
        }
        var o = summary(started: started, samples: samples)
        if let dir = modelDirectory {
            try ModelArchive.write(trainer.finalModel, to: dir, metrics: o)
            o["model_dir"] = .string(dir)
        }
        emit(.runEnd(RunEnd(run: trainer.state.runID, ts: Date(), status: RunEnd.completed, summary: o)))
        return .completed
    }

    /// The `run.start` event of the trainer as it is now.
    func startEvent() -> RunStart {
        // Only small values are read out of the state: a held copy of it would make the
        // trainer's first in-place update copy every tensor.
        let config = trainer.state.config
        var extra = JSONObject()
        // Every option of the configuration (the same members as in checkpoints), with the
        // rates that default to --lr written out.
        for member in config.json where member.value != .null { extra[member.key] = member.value }
        extra["gate_lr"] = .double(config.gateLearningRate ?? config.learningRate)
        extra["finetune_lr"] = .double(config.finetuneLearningRate ?? config.learningRate)
        extra["pruning_epochs"] = .int(config.epochs)
        for member in startFields { extra[member.key] = member.value }
        extra["train_examples"] = .int(trainer.data.train.count)
        extra["validation_examples"] = .int(trainer.data.validation.count)
        extra["test_examples"] = .int(trainer.data.test.count)
        extra["params_initial"] = .int(trainer.state.model.initialParameterCount)
        extra["memory_model"] = .string("float32 weights+gates, gradients, optimiser moments + per example: activations, gate samples and slopes, deltas; memory_total_bytes = sum over steps")
        if resumed {
            extra["resumed_at_epoch"] = .int(trainer.state.epoch)
            extra["resumed_at_example"] = .int(trainer.state.position)
        }
        return RunStart(
            run: trainer.state.runID, ts: Date(), model: "mlp-" + config.widths.map(String.init).joined(separator: "-"),
            dataset: trainer.state.dataset, mode: config.mode.rawValue, lambda: config.lambda, gamma: config.threshold,
            alphaBS: config.alphaBS, budget: config.budgetBytes, epochs: config.totalEpochs, batchSize: config.batchSize,
            seed: Int(clamping: config.seed), extra: extra)
    }

    /// The `dynhp.epoch` event of one epoch report.
    static func epochEvent(_ report: DynHPEpochReport, run: String) -> DynHPEpoch {
        DynHPEpoch(
            run: run, ts: Date(), epoch: report.epoch, epochs: report.epochs, loss: report.loss,
            trainError: report.trainError, valError: report.validationError, testError: report.testError,
            params: report.params, paramsInitial: report.paramsInitial, active: report.active,
            batchSize: report.batchSize, memoryBytes: report.memoryBytes, flops: report.flops,
            memoryTotalBytes: report.memoryTotalBytes,
            phase: report.finetuning ? DynHPEpoch.finetunePhase : DynHPEpoch.prunePhase)
    }

    /// Examples per second since `start`, rounded to a whole number (nil when no time passed).
    static func rate(_ examples: Int, since start: Date) -> Double? {
        let seconds = Date().timeIntervalSince(start)
        guard seconds > 0, examples > 0 else { return nil }
        return (Double(examples) / seconds).rounded()
    }

    /// The `run.end` summary of the trainer as it is now.
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
        o["params"] = .int(final.parameterCount)
        o["params_initial"] = .int(final.initialParameterCount)
        o["size_bytes"] = .int(final.parameterCount * 4)
        o["size_reduction"] = .double(1 - Double(final.parameterCount) / Double(max(1, final.initialParameterCount)))
        o["active"] = .array(final.widths.dropLast().map { .int($0) })
        o["batch_size"] = .int(s.batch.size)
        // Σ over steps of the step's memory (the seed's "total memory usage"); see
        // `DynHPTrainerState.memoryTotalBytes`. memory_bytes_peak: the largest single step.
        o["memory_total_bytes"] = .int(s.memoryTotalBytes)
        o["memory_bytes_peak"] = .int(s.memoryHistory.max() ?? 0)
        o["seconds"] = .double((seconds * 1000).rounded() / 1000)
        o["samples_per_second"] = .double(seconds > 0 ? (Double(samples) / seconds).rounded() : 0)
        return o
    }
}
