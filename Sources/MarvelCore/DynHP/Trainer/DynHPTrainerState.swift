/// What one epoch of training produced (the `dynhp.epoch` metrics line).
public struct DynHPEpochReport: Sendable, Equatable {
    /// 1-based number of the epoch just finished.
    public var epoch: Int
    public var epochs: Int
    /// Mean cross-entropy over the epoch's batches (penalty not included).
    public var loss: Double
    /// Error on the training batches as they were trained (sampled gates).
    public var trainError: Double
    public var validationError: Double
    public var testError: Double
    /// Weights and biases of the effective model (physical units whose test-time gate is open).
    public var params: Int
    public var paramsInitial: Int
    /// Effective units per gated layer (inputs, then hidden layers).
    public var active: [Int]
    /// Batch size at the end of the epoch.
    public var batchSize: Int
    /// Memory-model bytes of the epoch's largest batch on the network trained in it.
    public var memoryBytes: Int
    /// Multiply-adds × 2 of one forward pass through the effective model, per example.
    public var flops: Int
    public var steps: Int
    /// The run's total memory usage so far (see `DynHPTrainerState.memoryTotalBytes`).
    public var memoryTotalBytes: Int = 0
    /// Whether the epoch fine-tuned the compact network (gates fixed) rather than pruned.
    public var finetuning: Bool = false
}

/// Everything a run needs to continue exactly where it stopped: saved in checkpoints.
public struct DynHPTrainerState: Sendable, Equatable {
    public var runID: String
    public var dataset: String
    public var config: DynHPConfig
    public var model: GatedMLP
    public var optimizer: OptimizerState
    public var rng: Xoshiro256
    /// Epochs completed.
    public var epoch: Int
    /// Examples of the current epoch already trained on.
    public var position: Int
    /// The current epoch's example order (empty between epochs).
    public var permutation: [Int32]
    /// Gate activity of the current epoch, one per gated layer.
    public var activity: [GateActivity]
    public var batch: DynamicBatchSize
    public var epochLoss: Double
    public var epochCorrect: Int
    public var epochSeen: Int
    public var epochSteps: Int
    public var epochPeakBatch: Int
    /// memory_bytes of every finished epoch.
    public var memoryHistory: [Int]
    /// The last finished epoch's report.
    public var lastReport: DynHPEpochReport?
    /// Total memory usage of the training process so far, as the seed measures it: the sum
    /// over every training step of the bytes that step occupies, `MemoryModel.bytes(batch:)`
    /// for the step's batch on the network as it was at that step (parameters, gates,
    /// gradients, optimiser state, plus the batch's per-example activations, gate samples
    /// and deltas). Fewer, larger steps on a smaller network therefore use less in total.
    public var memoryTotalBytes: Int
    /// The parameter average (`--ema`), nil when the run evaluates its raw parameters.
    public var average: ParameterAverage?
    /// Whether pruning has ended and the gates are fixed (fine-tuning has begun).
    public var gatesFixed: Bool

    public init(runID: String, dataset: String, config: DynHPConfig, model: GatedMLP, optimizer: OptimizerState,
                rng: Xoshiro256, epoch: Int, position: Int, permutation: [Int32], activity: [GateActivity],
                batch: DynamicBatchSize, epochLoss: Double, epochCorrect: Int, epochSeen: Int, epochSteps: Int,
                epochPeakBatch: Int, memoryHistory: [Int], lastReport: DynHPEpochReport?,
                memoryTotalBytes: Int = 0, average: ParameterAverage? = nil, gatesFixed: Bool = false) {
        self.runID = runID
        self.dataset = dataset
        self.config = config
        self.model = model
        self.optimizer = optimizer
        self.rng = rng
        self.epoch = epoch
        self.position = position
        self.permutation = permutation
        self.activity = activity
        self.batch = batch
        self.epochLoss = epochLoss
        self.epochCorrect = epochCorrect
        self.epochSeen = epochSeen
        self.epochSteps = epochSteps
        self.epochPeakBatch = epochPeakBatch
        self.memoryHistory = memoryHistory
        self.lastReport = lastReport
        self.memoryTotalBytes = memoryTotalBytes
        self.average = average
        self.gatesFixed = gatesFixed
    }

    /// Whether every epoch of the configuration (pruning and fine-tuning) is done.
    public var isFinished: Bool { epoch >= config.totalEpochs }

    /// Whether the run is in its fine-tuning epochs (gates fixed, nothing pruned).
    public var isFinetuning: Bool { config.isFinetuning(epoch: epoch) }
}
