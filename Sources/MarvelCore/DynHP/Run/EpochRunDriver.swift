import Foundation

/// How an `EpochRunDriver.run` ended.
public enum DynHPRunOutcome: Sendable, Equatable {
    /// Every configured epoch was trained (and the model folder written when asked).
    case completed
    /// `shouldStop` said so between two steps; the trainer's state is consistent.
    case interrupted
}

/// The driver of MLP runs (`marvdash dynhp train` with an MLP --arch, the embedded
/// cluster's training pods, `dynhp reproduce`).
public typealias DynHPRunDriver = EpochRunDriver<DynHPTrainer>

/// The driver of convolutional runs (`--arch` topologies and model files).
public typealias ConvRunDriver = EpochRunDriver<ConvTrainer>

/// Runs a trainer to its end and produces the run's metric events: `run.start`, one
/// `dynhp.epoch` per finished epoch and `run.end` with the summary (the `marvdash dynhp
/// train` lines), for any `EpochTrainer`: one loop for MLPs and convolutional networks.
public struct EpochRunDriver<Trainer: EpochTrainer> {
    public let trainer: Trainer
    /// Whether the trainer continues a checkpoint (recorded in `run.start`).
    public let resumed: Bool
    /// Where the final model goes when the run completes; nil: nowhere.
    public let modelDirectory: String?
    /// Members added to `run.start` (e.g. `sweep`: the sweep the run belongs to).
    public let startFields: JSONObject

    public init(trainer: Trainer, resumed: Bool = false, modelDirectory: String? = nil, startFields: JSONObject = [:]) {
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
        afterEpoch: (Trainer) throws -> Void = { _ in },
        interruption: (Trainer) throws -> JSONObject = { _ in JSONObject() },
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
            trainer.completeEpochEvent(&event)
            emit(.dynhpEpoch(event))
            try afterEpoch(trainer)
        }
        var o = summary(started: started, samples: samples)
        if let dir = modelDirectory {
            try trainer.writeFinalModel(to: dir, metrics: o)
            o["model_dir"] = .string(dir)
        }
        emit(.runEnd(RunEnd(run: trainer.state.runID, ts: Date(), status: RunEnd.completed, summary: o)))
        return .completed
    }

    /// The `run.start` event of the trainer as it is now.
    func startEvent() -> RunStart { trainer.startEvent(resumed: resumed, startFields: startFields) }

    /// The `dynhp.epoch` event of one epoch report.
    public static func epochEvent(_ report: DynHPEpochReport, run: String) -> DynHPEpoch {
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
        let facts = trainer.summaryFacts()
        let seconds = Date().timeIntervalSince(started)
        var o = JSONObject()
        o["epochs_done"] = .int(facts.epochsDone)
        if let r = facts.lastReport {
            o["train_error"] = .double(r.trainError)
            o["val_error"] = .double(r.validationError)
            o["test_error"] = .double(r.testError)
        }
        if facts.isRegression {
            o["error_metric"] = .string(DynHPEpoch.meanSquaredErrorMetric)
            if let mae = facts.meanAbsoluteErrors {
                o["val_mae"] = .double(mae.validation)
                o["test_mae"] = .double(mae.test)
            }
        }
        o["params"] = .int(facts.params)
        o["params_initial"] = .int(facts.paramsInitial)
        o["size_bytes"] = .int(facts.params * 4)
        o["size_reduction"] = .double(1 - Double(facts.params) / Double(max(1, facts.paramsInitial)))
        o["active"] = .array(facts.active.map { .int($0) })
        if let initial = facts.activeInitial { o["active_initial"] = .array(initial.map { .int($0) }) }
        o["batch_size"] = .int(facts.batchSize)
        // Σ over steps of the step's memory (the seed's "total memory usage"); see
        // `DynHPTrainerState.memoryTotalBytes`. memory_bytes_peak: the largest single step.
        o["memory_total_bytes"] = .int(facts.memoryTotalBytes)
        o["memory_bytes_peak"] = .int(facts.memoryBytesPeak)
        o["seconds"] = .double((seconds * 1000).rounded() / 1000)
        o["samples_per_second"] = .double(seconds > 0 ? (Double(samples) / seconds).rounded() : 0)
        return o
    }
}
