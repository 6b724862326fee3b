import CBLAS
import Foundation

/// Trains a gated MLP with DynHP, HP or SP on OpenBLAS (Float32 GEMMs for forward and
/// backward), deterministically for a seed. Hard pruning compacts the network at each
/// epoch end: dead units leave the weight matrices, biases, gates and optimiser state, so
/// compute and memory fall. The whole mutable state is `state` (checkpoints save it).
public final class DynHPTrainer: MiniBatchTrainer {
    public internal(set) var state: DynHPTrainerState
    public let data: DynHPData
    var gradients: [GatedDenseLayer]
    var workspace: TrainerWorkspace
    /// The L0 penalty of each gated layer (its λ, the run's weight decay and temperature).
    let penalties: [L0Penalty]
    /// For each gated layer, where each unit of the network as it is now stood in `state.model`
    /// when this trainer was made (the identity at first; every compaction keeps it current),
    /// so a caller can map a pruned network back onto the one it started from (federated
    /// clients report which units they closed). Not part of checkpoints.
    public private(set) var startingUnitPositions: [[Int]]

    /// Starts a fresh run.
    public convenience init(config: DynHPConfig, data: DynHPData, runID: String) throws {
        try Self.validate(config, data)
        try Self.checkBudget(config)
        var rng = Xoshiro256(seed: config.seed)
        let model = GatedMLP.random(widths: config.widths, inputDropRate: config.inputDropRate,
                                    hiddenDropRate: config.hiddenDropRate, using: &rng)
        guard config.batchSize <= data.train.count else {
            throw DynHPError("--batch \(config.batchSize) is larger than the training set (\(data.train.count) examples of \(data.name)); lower --batch")
        }
        let cap = Self.batchCap(config, model, data)
        guard config.batchSize <= cap else {
            let need = config.memoryModel(widths: model.widths).bytes(batch: config.batchSize)
            throw DynHPError("--batch \(config.batchSize) needs \(need) bytes, over --budget \(config.budgetBytes) (the largest batch that fits is \(cap)); raise --budget or lower --batch")
        }
        try self.init(startingFrom: model, config: config, data: data, runID: runID, rng: rng)
    }

    /// Continues from a saved state (a checkpoint) on the same data; a state that does not
    /// fit the data or the network (see `ModelCheck`) is refused with one line.
    public init(state: DynHPTrainerState, data: DynHPData) throws {
        try Self.validate(state.config, data)
        guard state.dataset == data.name else {
            throw DynHPError("the checkpoint was trained on \(state.dataset), not \(data.name); pass --dataset \(state.dataset)")
        }
        let capLimit = Self.batchCap(state.config, state.model, data)
        if let problem = ModelCheck.problem(of: state, trainingExamples: data.train.count, batchCapLimit: capLimit) {
            throw DynHPError("the checkpoint cannot continue on \(data.name): \(problem); delete the checkpoint folder and start again without --resume")
        }
        self.state = state
        self.data = data
        let config = state.config
        penalties = (0..<(config.widths.count - 1)).map { l in
            L0Penalty(lambda: Float(config.lambda(ofLayer: l)), weightDecay: Float(config.weightDecay),
                      trainingSize: data.train.count, beta: Float(config.temperature))
        }
        gradients = state.model.layers.map { GatedDenseLayer.zeros(inputs: $0.inputs, outputs: $0.outputs) }
        workspace = TrainerWorkspace(widths: state.model.widths, capacity: max(1, state.batch.size))
        startingUnitPositions = state.model.layers.map { Array(0..<$0.inputs) }
    }

    static func validate(_ config: DynHPConfig, _ data: DynHPData) throws {
        guard config.widths.count >= 2, config.widths.allSatisfy({ $0 > 0 }) else {
            throw DynHPError("--arch needs at least two positive widths, e.g. 784-300-100-10")
        }
        guard config.widths[0] == data.train.dimension else {
            throw DynHPError("--arch starts with \(config.widths[0]) inputs but \(data.name) has \(data.train.dimension) features; use --arch \(data.train.dimension)-…")
        }
        guard config.widths[config.widths.count - 1] == data.train.classes else {
            throw DynHPError("--arch ends with \(config.widths.last ?? 0) outputs but \(data.name) has \(data.train.classes) classes")
        }
        guard data.train.count > 0 else { throw DynHPError("\(data.name) has no training examples") }
        guard (0..<1).contains(config.emaDecay) else { throw DynHPError("--ema must be from 0 (off) to below 1, got \(config.emaDecay)") }
        try validateLevers(config)
    }

    /// The options that tune pruning and fine-tuning (each names its flag when wrong).
    public static func validateLevers(_ config: DynHPConfig) throws {
        guard config.finetuneEpochs >= 0 else { throw DynHPError("--finetune must be 0 or more epochs, got \(config.finetuneEpochs)") }
        if let r = config.finetuneLearningRate, !(r > 0 && r.isFinite) { throw DynHPError("--finetune-lr must be positive, got \(r)") }
        if let r = config.gateLearningRate, !(r > 0 && r.isFinite) { throw DynHPError("--gate-lr must be positive, got \(r)") }
        let gated = config.widths.count - 1
        guard config.layerLambdas.isEmpty || config.layerLambdas.count == gated else {
            throw DynHPError("--layer-lambdas needs one value per gated layer (\(gated) for --arch \(config.widths.map(String.init).joined(separator: "-")): inputs, then each hidden layer), got \(config.layerLambdas.count)")
        }
        guard config.layerLambdas.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw DynHPError("--layer-lambdas values must be 0 or more") }
        guard config.temperature > 0, config.temperature.isFinite else { throw DynHPError("--temperature must be positive, got \(config.temperature)") }
        for (flag, p) in [("--init-drop-input", config.inputDropRate), ("--init-drop-hidden", config.hiddenDropRate)] where !(p > 0 && p < 1) {
            throw DynHPError("\(flag) must be between 0 and 1 (exclusive), got \(p)")
        }
        guard config.warmupEpochs >= 0 else { throw DynHPError("--lr-warmup must be 0 or more epochs, got \(config.warmupEpochs)") }
    }

    /// Refuses a network that, with its first batch, would not fit `--budget` — before
    /// anything is allocated (and without overflowing on absurd widths).
    public static func checkBudget(_ config: DynHPConfig) throws {
        guard config.widths.count >= 2, config.widths.allSatisfy({ $0 > 0 }) else {
            throw DynHPError("--arch needs at least two positive widths, e.g. 784-300-100-10")
        }
        let widths = config.widths.map(Double.init)
        let parameters = zip(widths, widths.dropFirst()).reduce(0.0) { $0 + $1.0 * $1.1 + $1.1 }
        let gates = widths.dropLast().reduce(0, +)
        let moments = Double(config.memoryModel(widths: [1, 1]).optimizerMoments)
        let fixed = (parameters + gates) * (2 + moments) * Double(MemoryModel.bytesPerFloat)
        let perExample = (4 * gates + widths[widths.count - 1] + widths.dropFirst().reduce(0, +)) * Double(MemoryModel.bytesPerFloat) + 4
        let need = fixed + perExample * Double(max(1, config.batchSize))
        guard need <= Double(config.budgetBytes) else {
            let arch = config.widths.map(String.init).joined(separator: "-")
            throw DynHPError("--arch \(arch) with --batch \(config.batchSize) needs \(Self.describe(bytes: need)) (weights, gradients and optimiser state \(Self.describe(bytes: fixed))), over --budget \(Self.describe(bytes: Double(config.budgetBytes))); use smaller widths or raise --budget")
        }
    }

    /// "2.0 GiB", "29.2 TiB", "512 B".
    static func describe(bytes: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = bytes
        var unit = 0
        while value >= 1024, unit + 1 < units.count {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(Int(value)) B" : String(format: "%.1f", value) + " " + units[unit]
    }

    /// The largest batch the budget allows for `model` (never more than the training set).
    static func batchCap(_ config: DynHPConfig, _ model: GatedMLP, _ data: DynHPData) -> Int {
        min(data.train.count, config.memoryModel(widths: model.widths).largestBatch(budget: config.budgetBytes))
    }

    /// The memory model of the network as it is now.
    public var memoryModel: MemoryModel { state.config.memoryModel(widths: state.model.widths) }

    /// Trains until the current epoch ends (returning its report) or `shouldStop` says so
    /// between two steps (returning nil; the state is then consistent and can be checkpointed).
    /// `progress` gets the fraction of the epoch done after each step.
    public func trainEpoch(shouldStop: () -> Bool = { false }, progress: (Double) -> Void = { _ in }) -> DynHPEpochReport? {
        guard !state.isFinished else { return nil }
        if state.isFinetuning && !state.gatesFixed { fixGates() }
        return trainEpochSteps(shouldStop: shouldStop, progress: progress)
    }

    func stepMemoryBytes(batch: Int) -> Int { memoryModel.bytes(batch: batch) }

    func finishEpoch() -> DynHPEpochReport {
        let config = state.config
        let finetuning = state.isFinetuning
        let trainedWidths = state.model.widths
        let memoryBytes = config.memoryModel(widths: trainedWidths).bytes(batch: state.epochPeakBatch)
        if config.mode != .sp && !finetuning {
            let kept = state.activity.map { HardPruning.survivors(rates: $0.rates, threshold: config.threshold) }
            let changed = zip(kept, state.model.layers).contains { $0.0.count != $0.1.inputs }
            if changed { compact(keeping: kept) }
        }
        let cap = Self.batchCap(config, state.model, data)
        if config.mode == .dynhp { state.batch.setCap(cap) }
        let evaluated = evaluatedModel
        let effective = evaluated.removingClosedGates()
        let report = DynHPEpochReport(
            epoch: state.epoch + 1, epochs: config.totalEpochs,
            loss: state.epochSteps > 0 ? state.epochLoss / Double(state.epochSteps) : 0,
            trainError: state.epochSeen > 0 ? 1 - Double(state.epochCorrect) / Double(state.epochSeen) : 0,
            validationError: data.validation.error(of: evaluated), testError: data.test.error(of: evaluated),
            params: effective.parameterCount, paramsInitial: state.model.initialParameterCount,
            active: Array(effective.widths.dropLast()), batchSize: state.batch.size, memoryBytes: memoryBytes,
            flops: zip(effective.widths, effective.widths.dropFirst()).reduce(0) { $0 + 2 * $1.0 * $1.1 },
            steps: state.epochSteps, memoryTotalBytes: state.memoryTotalBytes, finetuning: finetuning)
        state.closeEpoch(report: report, memoryBytes: memoryBytes)
        return report
    }

    /// Ends pruning, before the first fine-tuning step (also when a run that finished its
    /// pruning is resumed with `--finetune`): the network becomes the one the last pruning
    /// epoch evaluated (the average with `--ema`) without the units whose test-time gate is
    /// closed; its gates stay at their test-time values from now on (log_alpha no longer
    /// trains, so a removed unit cannot return and a kept one keeps its gate). The optimiser
    /// state shrinks with it and the average, if any, starts again on the compact network.
    func fixGates() {
        state.gatesFixed = true
        state.model = evaluatedModel
        compact(keeping: state.model.testTimeSurvivors)
        if let average = state.average {
            state.average = ParameterAverage(decay: average.decay, shapes: state.model.layers)
        }
        if state.config.mode == .dynhp { state.batch.setCap(Self.batchCap(state.config, state.model, data)) }
    }

    /// Removes every unit not in `kept` from the network, its optimiser state and counters.
    func compact(keeping kept: [[Int]]) {
        state.model = state.model.compacted(keeping: kept)
        state.optimizer.compact(keeping: kept)
        state.average?.compact(keeping: kept)
        for l in state.activity.indices { state.activity[l].keep(kept[l]) }
        startingUnitPositions = zip(startingUnitPositions, kept).map { positions, k in k.map { positions[$0] } }
        gradients = state.model.layers.map { GatedDenseLayer.zeros(inputs: $0.inputs, outputs: $0.outputs) }
        workspace = TrainerWorkspace(widths: state.model.widths, capacity: workspace.capacity)
    }

    /// The network that is evaluated and exported: the parameter average with `--ema`,
    /// else the parameters as trained.
    public var evaluatedModel: GatedMLP { state.average.map { $0.network(like: state.model) } ?? state.model }

    /// The final model: the evaluated network without units whose test-time gate is closed.
    public var finalModel: GatedMLP { evaluatedModel.removingClosedGates() }

    /// For benchmarks: shrinks the network to `widths` (inputs first; the first units of each
    /// gated layer stay), as hard pruning would have, so a compacted network's speed can be
    /// measured without training it down first.
    public func compactForBenchmark(toWidths widths: [Int]) {
        let current = state.model.widths
        guard widths.count == current.count else { return }
        compact(keeping: (0..<(widths.count - 1)).map { Array(0..<max(1, min(widths[$0], current[$0]))) })
    }

    /// Training throughput probe for benchmarks: runs `steps` steps of `batch` examples
    /// from the start of the training set without advancing the epoch bookkeeping.
    public func benchmarkSteps(_ steps: Int, batch: Int) {
        let b = min(batch, data.train.count)
        if state.permutation.isEmpty { state.permutation = state.rng.permutation(of: data.train.count) }
        for _ in 0..<steps { step(from: 0, count: b) }
    }
}
