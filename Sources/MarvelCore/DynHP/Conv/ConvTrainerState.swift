/// Everything a convolutional run needs to continue exactly where it stopped (checkpoints
/// save it): the network, optimiser moments, PRNG, the epoch's order and position, gate
/// activity of each gated convolution (in `network.gatedNodes` order), the batch size and
/// the epoch's counters.
public struct ConvTrainerState: Sendable, Equatable {
    public var runID: String
    public var dataset: String
    public var config: DynHPConfig
    public var network: ConvNetwork
    public var optimizer: ConvOptimizer
    public var rng: Xoshiro256
    public var epoch: Int
    public var position: Int
    public var permutation: [Int32]
    public var activity: [GateActivity]
    public var batch: DynamicBatchSize
    public var epochLoss: Double
    public var epochCorrect: Int
    public var epochSeen: Int
    public var epochSteps: Int
    public var epochPeakBatch: Int
    public var memoryHistory: [Int]
    /// Σ over steps of the step's `ConvMemoryModel.bytes(batch:)` (the seed's total memory).
    public var memoryTotalBytes: Int
    public var lastReport: DynHPEpochReport?

    public var isFinished: Bool { epoch >= config.epochs }
}
