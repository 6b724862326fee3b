import Foundation

/// A trainer `EpochRunDriver` can drive: the model-specific seam of a training run (the MLP's
/// `DynHPTrainer`, the convolutional `ConvTrainer`). The driver owns what every run shares —
/// the epoch loop, stop handling, the `dynhp.epoch` lines, the `run.end` summary and writing
/// the final model; the trainer trains, says what its run is, and describes its model.
///
/// Trainers are classes: the driver trains the very instance it was given, so the caller sees
/// its state (for checkpoints) while and after the driver runs.
public protocol EpochTrainer: AnyObject {
    associatedtype State: EpochTrainerState
    /// Everything the run needs to continue (what checkpoints save).
    var state: State { get }
    /// The run's training, validation and test sets.
    var data: DynHPData { get }
    /// Epochs the progress bar counts (pruning epochs plus any fine-tuning).
    var plannedEpochs: Int { get }

    /// Trains until the epoch ends (its report) or `shouldStop` says so between steps (nil).
    func trainEpoch(shouldStop: () -> Bool, progress: (Double) -> Void) -> DynHPEpochReport?
    /// Adds the model's own members to an epoch's line (e.g. the filters each layer started with).
    func completeEpochEvent(_ event: inout DynHPEpoch)
    /// The `run.start` event of the trainer as it is now.
    func startEvent(resumed: Bool, startFields: JSONObject) -> RunStart
    /// What the `run.end` summary says of the model and the run.
    func summaryFacts() -> RunSummaryFacts
    /// Writes the final compact model to `directory` with the run's summary.
    func writeFinalModel(to directory: String, metrics: JSONObject) throws
}

/// What the run driver reads of a trainer's state: the run id, the epochs done, the position
/// in the epoch in progress and the batch size (`DynHPTrainerState`, `ConvTrainerState`).
public protocol EpochTrainerState {
    var runID: String { get }
    /// Epochs completed (0-based index of the epoch in progress).
    var epoch: Int { get }
    /// Examples of the epoch in progress already trained.
    var position: Int { get }
    /// The batch size now and its cap (dynhp grows it).
    var batch: DynamicBatchSize { get }
    /// Whether every configured epoch is done.
    var isFinished: Bool { get }
}

extension DynHPTrainerState: EpochTrainerState {}
extension ConvTrainerState: EpochTrainerState {}

/// The model-specific values of a `run.end` summary, in the order the summary lists them.
public struct RunSummaryFacts {
    public var epochsDone: Int
    public var lastReport: DynHPEpochReport?
    /// Mean absolute errors (validation, test) of a mean squared error run; `isRegression`
    /// marks such runs even before their first epoch.
    public var isRegression = false
    public var meanAbsoluteErrors: (validation: Double, test: Double)?
    public var params: Int
    public var paramsInitial: Int
    public var active: [Int]
    /// Units or filters each layer started with (convolutional runs).
    public var activeInitial: [Int]?
    public var batchSize: Int
    public var memoryTotalBytes: Int
    public var memoryBytesPeak: Int

    public init(epochsDone: Int, lastReport: DynHPEpochReport?, params: Int, paramsInitial: Int, active: [Int],
                batchSize: Int, memoryTotalBytes: Int, memoryBytesPeak: Int) {
        self.epochsDone = epochsDone
        self.lastReport = lastReport
        self.params = params
        self.paramsInitial = paramsInitial
        self.active = active
        self.batchSize = batchSize
        self.memoryTotalBytes = memoryTotalBytes
        self.memoryBytesPeak = memoryBytesPeak
    }
}
