/// The step loop every DynHP trainer shares (the MLP's `DynHPTrainer`, the convolutional
/// `ConvTrainer`): shuffle the epoch's order once, take the dynamic batch size's worth of
/// examples per step, count the step's memory, check the stop request between steps, and
/// close the epoch. The model-specific parts are the step, the memory model and the epoch end.
protocol MiniBatchTrainer: AnyObject {
    associatedtype State: MiniBatchTrainerState
    var state: State { get set }
    var data: DynHPData { get }
    /// Bytes one step of `batch` examples holds (the memory model of the network as it is now).
    func stepMemoryBytes(batch: Int) -> Int
    /// One gradient step on permutation[start ..< start + count].
    func step(from start: Int, count: Int)
    /// Pruning, the batch cap and the epoch's report, once every example was seen.
    func finishEpoch() -> DynHPEpochReport
}

/// The parts of a trainer's state the step loop and the epoch's end read and move.
protocol MiniBatchTrainerState {
    var isFinished: Bool { get }
    var rng: Xoshiro256 { get set }
    var epoch: Int { get set }
    var permutation: [Int32] { get set }
    var position: Int { get set }
    var batch: DynamicBatchSize { get }
    var memoryTotalBytes: Int { get set }
    var memoryHistory: [Int] { get set }
    var lastReport: DynHPEpochReport? { get set }
    var activity: [GateActivity] { get set }
    var epochLoss: Double { get set }
    var epochCorrect: Int { get set }
    var epochSeen: Int { get set }
    var epochSteps: Int { get set }
    var epochPeakBatch: Int { get set }
}

extension MiniBatchTrainerState {
    /// Records the finished epoch (its report and the memory of its largest step) and starts
    /// the next one: position 0, a new order to draw, gate activity and counters at zero.
    mutating func closeEpoch(report: DynHPEpochReport, memoryBytes: Int) {
        memoryHistory.append(memoryBytes)
        lastReport = report
        epoch += 1
        position = 0
        permutation = []
        for g in activity.indices { activity[g].reset() }
        epochLoss = 0
        epochCorrect = 0
        epochSeen = 0
        epochSteps = 0
        epochPeakBatch = 0
    }
}

extension DynHPTrainerState: MiniBatchTrainerState {}
extension ConvTrainerState: MiniBatchTrainerState {}

extension MiniBatchTrainer {
    /// Trains until the epoch ends (its report) or `shouldStop` says so between two steps (nil;
    /// the state is then consistent and can be checkpointed). `progress` gets the fraction of
    /// the epoch done after each step.
    func trainEpochSteps(shouldStop: () -> Bool, progress: (Double) -> Void) -> DynHPEpochReport? {
        let n = data.train.count
        if state.permutation.isEmpty { state.permutation = state.rng.permutation(of: n) }
        while state.position < n {
            if shouldStop() { return nil }
            let b = min(state.batch.size, n - state.position)
            state.memoryTotalBytes += stepMemoryBytes(batch: b)
            step(from: state.position, count: b)
            state.position += b
            progress(Double(state.position) / Double(n))
        }
        return finishEpoch()
    }
}

extension Xoshiro256 {
    /// A uniformly random order of 0..<n (Fisher–Yates from the last position down).
    mutating func permutation(of n: Int) -> [Int32] {
        var order = (0..<n).map { Int32($0) }
        if n > 1 {
            for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, nextIndex(below: i + 1)) }
        }
        return order
    }
}
