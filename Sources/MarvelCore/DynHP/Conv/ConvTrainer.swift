import Foundation

/// Trains an L0 convolutional network with DynHP, HP or SP (`ConvTopology` or a model file),
/// deterministically for a seed: one hard-concrete sample per filter and mini-batch, BN in
/// training mode, softmax cross-entropy, the expected-L0 penalty, Adam or SGD; at each
/// epoch end hard pruning removes the filters whose activation rate fell below γ
/// (`ConvCompaction`'s residual rule), and dynhp grows the batch by ‖S‖₁ of every
/// convolution and dense layer (`ConvGradientVariance`) within the memory budget
/// (`ConvMemoryModel`: the cap is the largest batch whose activations fit, recomputed after
/// each epoch's pruning).
public final class ConvTrainer: MiniBatchTrainer {
    public internal(set) var state: ConvTrainerState
    public let data: DynHPData
    var grads: [ConvParams]
    var workspace: ConvWorkspace
    /// Mean absolute errors (validation, test) of the last epoch of a mean squared error run.
    public internal(set) var lastMeanAbsoluteErrors: (validation: Double, test: Double)?
    let penalty: ConvPenalty

    /// Starts a fresh run of `config.topology` on `data` (its input shape from the features).
    public convenience init(config: DynHPConfig, data: DynHPData, runID: String) throws {
        guard let name = config.topology, let topology = ConvTopology(rawValue: name) else {
            throw DynHPError("--arch \(config.topology ?? "") is not a convolutional topology (\(ConvTopology.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let shape = ConvTopology.inputShape(dimension: data.train.dimension) else {
            throw DynHPError("--arch \(name) needs 28×28×1 or 32×32×3 images, but \(data.name) has \(data.train.dimension) features")
        }
        let network = try topology.build(input: shape, classes: data.train.classes, seed: config.seed, dropRate: config.hiddenDropRate)
        try self.init(network: network, config: config, data: data, runID: runID)
    }

    /// Starts a fresh run of `network`.
    public convenience init(network: ConvNetwork, config: DynHPConfig, data: DynHPData, runID: String) throws {
        guard network.inputDimension == data.train.dimension else {
            let shapes = network.inputNodes.map { network.nodes[$0].shape.description }.joined(separator: " + ")
            throw DynHPError("\(network.name) reads \(shapes) inputs (\(network.inputDimension) features) but \(data.name) has \(data.train.dimension) features per example")
        }
        switch network.loss {
        case .crossEntropy:
            guard !data.train.isRegression, network.classes == data.train.classes else {
                throw DynHPError("\(network.name) has \(network.classes) outputs but \(data.name) has \(data.train.isRegression ? "regression targets (use loss: mse)" : "\(data.train.classes) classes")")
            }
        case .meanSquaredError:
            guard data.train.isRegression, network.outputShape.count == data.train.targetDimension else {
                throw DynHPError("\(network.name) outputs \(network.outputShape) (loss: mse) but \(data.name) has \(data.train.isRegression ? "targets of \(data.train.targetDimension) values" : "class labels (use loss: cross-entropy)")")
            }
        }
        guard data.train.count > 0 else { throw DynHPError("\(data.name) has no training examples") }
        let memory = ConvMemoryModel(network: network, optimizerMoments: config.optimizer == .adam ? 2 : 1,
                                     dynamicBatch: config.mode == .dynhp)
        let cap = min(data.train.count, memory.largestBatch(budget: config.budgetBytes))
        guard config.batchSize <= cap else {
            throw DynHPError("--batch \(config.batchSize) of \(network.name) needs \(DynHPTrainer.describe(bytes: Double(memory.bytes(batch: config.batchSize)))), over --budget \(DynHPTrainer.describe(bytes: Double(config.budgetBytes))) or the training set (the largest batch that fits is \(cap)); raise --budget or lower --batch")
        }
        var rng = Xoshiro256(seed: config.seed ^ 0x5DEECE66D)
        _ = rng.next()
        let state = ConvTrainerState(
            runID: runID, dataset: data.name, config: config, network: network,
            optimizer: ConvOptimizer(kind: config.optimizer, momentum: Float(config.momentum), shapes: network.params),
            rng: rng, epoch: 0, position: 0, permutation: [],
            activity: network.gatedNodes.map { GateActivity(gates: network.nodes[$0].shape.channels) },
            batch: DynamicBatchSize(size: config.batchSize, alpha: config.alphaBS, cap: config.mode == .dynhp ? cap : config.batchSize),
            epochLoss: 0, epochCorrect: 0, epochSeen: 0, epochSteps: 0, epochPeakBatch: 0, memoryHistory: [],
            memoryTotalBytes: 0, lastReport: nil)
        try self.init(state: state, data: data)
    }

    /// Continues from a saved state on the same data.
    public init(state: ConvTrainerState, data: DynHPData) throws {
        guard state.dataset == data.name else {
            throw DynHPError("the checkpoint was trained on \(state.dataset), not \(data.name); pass --dataset \(state.dataset)")
        }
        guard state.network.inputDimension == data.train.dimension, state.position <= data.train.count,
              state.permutation.isEmpty || state.permutation.count == data.train.count else {
            throw DynHPError("the checkpoint does not fit \(data.name) (other input shape or size); delete the checkpoint folder and start again without --resume")
        }
        let network = state.network
        guard network.params.count == network.nodes.count, network.nodes.indices.allSatisfy({ n in
            guard let spec = network.nodes[n].conv else { return true }
            return network.params[n].weights.count == spec.outChannels * spec.filterSize
        }) else {
            throw DynHPError("\(network.name) has layers without their weights (a shape-only build or a damaged checkpoint); build it with its weights drawn, or start again without --resume")
        }
        self.state = state
        self.data = data
        let config = state.config
        penalty = ConvPenalty(lambda: Float(config.lambda), weightDecay: Float(config.weightDecay),
                              trainingSize: data.train.count, beta: Float(config.temperature))
        grads = state.network.params.map(\.zeros)
        workspace = ConvWorkspace(network: state.network, capacity: max(1, state.batch.size))
    }

    /// The memory model of the network as it is now.
    public var memoryModel: ConvMemoryModel {
        ConvMemoryModel(network: state.network, optimizerMoments: state.config.optimizer == .adam ? 2 : 1,
                        dynamicBatch: state.config.mode == .dynhp)
    }

    /// The final model: the network without filters whose test-time gate is closed.
    public var finalModel: ConvNetwork {
        let alive = state.network.testTimeAlive
        return state.network.compacted(keeping: state.network.keptChannels(alive: alive), alive: alive)
    }

    /// Trains until the epoch ends (its report) or `shouldStop` says so between steps (nil).
    public func trainEpoch(shouldStop: () -> Bool = { false }, progress: (Double) -> Void = { _ in }) -> DynHPEpochReport? {
        guard !state.isFinished else { return nil }
        return trainEpochSteps(shouldStop: shouldStop, progress: progress)
    }

    func stepMemoryBytes(batch: Int) -> Int { memoryModel.bytes(batch: batch) }

    /// One gradient step on permutation[start ..< start + b].
    func step(from start: Int, count b: Int) {
        if b > workspace.capacity {
            workspace = ConvWorkspace(network: state.network, capacity: min(max(b, workspace.capacity * 5 / 4), max(b, state.batch.cap)))
        }
        let ws = workspace
        let order = state.permutation
        data.train.features.withUnsafeBufferPointer { f in
            ConvForward.loadInputs(f.baseAddress!, rows: { Int(order[start + $0]) }, count: b, network: state.network, into: ws)
        }
        for i in 0..<b { ws.labels[i] = data.train.labels[Int(order[start + i])] }
        sampleGates(ws)
        // The parameters leave the network while the forward pass updates BN's running
        // statistics in them (no overlapping access, no copy of the weights).
        var params: [ConvParams] = []
        swap(&params, &state.network.params)
        ConvForward.run(state.network, params: &params, count: b, training: true, ws: ws)
        swap(&params, &state.network.params)
        let (loss, correct) = lossAndGradient(ws, order: order, start: start, count: b)
        let dynhp = state.config.mode == .dynhp
        let varianceL1 = ConvBackward.run(state.network, params: state.network.params, grads: &grads, count: b,
                                          gatesTrain: true, variance: dynhp, ws: ws)
        penalty.addGradient(of: state.network, into: &grads)
        let config = state.config
        let progress = Double(state.position) / Double(max(1, data.train.count))
        let lr = Float(config.learningRate(atEpoch: state.epoch, batch: b, epochProgress: progress))
        let gateLR = Float(config.gateLearningRate(atEpoch: state.epoch, batch: b, epochProgress: progress))
        swap(&params, &state.network.params)
        state.optimizer.apply(grads, to: &params, learningRate: lr, gateLearningRate: gateLR)
        swap(&params, &state.network.params)
        state.epochLoss += loss
        state.epochCorrect += correct
        state.epochSeen += b
        state.epochSteps += 1
        state.epochPeakBatch = max(state.epochPeakBatch, b)
        if dynhp { state.batch.update(varianceL1: varianceL1, loss: loss) }
    }

    /// The network's loss on the batch (its gradient in the last node's gradient buffer) and,
    /// for cross-entropy, the correct predictions.
    private func lossAndGradient(_ ws: ConvWorkspace, order: [Int32], start: Int, count b: Int) -> (Double, Int) {
        switch state.network.loss {
        case .crossEntropy:
            return ConvLoss.softmaxCrossEntropy(ws, network: state.network, count: b)
        case .meanSquaredError:
            let d = data.train.targetDimension
            return data.train.targets.withUnsafeBufferPointer { t in
                guard let base = t.baseAddress else { return (0, 0) }
                return (ConvLoss.meanSquaredError(ws, network: state.network, count: b) { base + Int(order[start + $0]) * d }.squared, 0)
            }
        }
    }

    /// Validation and test errors: the fraction misclassified, or for mean squared error
    /// runs the MSE (and the MAE in `lastMeanAbsoluteErrors`).
    private func evaluationErrors() -> (validation: Double, test: Double) {
        switch state.network.loss {
        case .crossEntropy:
            lastMeanAbsoluteErrors = nil
            return (ConvEvaluation.error(of: state.network, on: data.validation), ConvEvaluation.error(of: state.network, on: data.test))
        case .meanSquaredError:
            let v = ConvEvaluation.regressionErrors(of: state.network, on: data.validation)
            let t = ConvEvaluation.regressionErrors(of: state.network, on: data.test)
            lastMeanAbsoluteErrors = (v.absolute, t.absolute)
            return (v.squared, t.squared)
        }
    }

    /// One hard-concrete sample per filter for the batch (0 where masked), recorded.
    private func sampleGates(_ ws: ConvWorkspace) {
        let beta = Float(state.config.temperature)
        for (g, n) in state.network.gatedNodes.enumerated() {
            let p = state.network.params[n]
            for c in 0..<p.logAlpha.count {
                let sample = HardConcrete.trainSampleWithSlope(logAlpha: p.logAlpha[c], u: state.rng.nextUnitFloat(), beta: beta)
                ws.gates[n][c] = p.mask[c] > 0 ? sample.gate : 0
                ws.slopes[n][c] = p.mask[c] > 0 ? sample.slope : 0
            }
            state.activity[g].record(ws.gates[n])
        }
    }

    func finishEpoch() -> DynHPEpochReport {
        let config = state.config
        let memoryBytes = memoryModel.bytes(batch: state.epochPeakBatch)
        if config.mode != .sp {
            var alive: [Int: [Bool]] = [:]
            for (g, n) in state.network.gatedNodes.enumerated() {
                let survivors = Set(HardPruning.survivors(rates: state.activity[g].rates, threshold: config.threshold))
                let mask = state.network.params[n].mask
                alive[n] = mask.indices.map { survivors.contains($0) && mask[$0] > 0 }
            }
            compact(alive: alive)
        }
        if config.mode == .dynhp {
            state.batch.setCap(min(data.train.count, memoryModel.largestBatch(budget: config.budgetBytes)))
        }
        let effective = finalModel
        let meanLoss = state.epochSteps > 0 ? state.epochLoss / Double(state.epochSteps) : 0
        let errors = evaluationErrors()
        let report = DynHPEpochReport(
            epoch: state.epoch + 1, epochs: config.epochs, loss: meanLoss,
            trainError: state.network.loss == .meanSquaredError ? meanLoss
                : state.epochSeen > 0 ? 1 - Double(state.epochCorrect) / Double(state.epochSeen) : 0,
            validationError: errors.validation, testError: errors.test,
            params: effective.parameterCount, paramsInitial: state.network.initialParameterCount,
            active: state.network.openFilters, batchSize: state.batch.size, memoryBytes: memoryBytes,
            flops: effective.flopsPerExample, steps: state.epochSteps, memoryTotalBytes: state.memoryTotalBytes)
        state.closeEpoch(report: report, memoryBytes: memoryBytes)
        return report
    }

    /// Removes every channel the residual rule lets go (`alive`: per gated node, which filters
    /// survive) from the network, the optimiser moments and the activity counters.
    func compact(alive: [Int: [Bool]]) {
        let network = state.network
        let kept = network.keptChannels(alive: alive)
        let gated = network.gatedNodes
        state.network = network.compacted(keeping: kept, alive: alive)
        state.optimizer.first = network.compactedParams(state.optimizer.first, keeping: kept)
        if !state.optimizer.second.isEmpty { state.optimizer.second = network.compactedParams(state.optimizer.second, keeping: kept) }
        for (g, n) in gated.enumerated() { state.activity[g].keep(kept[n]) }
        grads = state.network.params.map(\.zeros)
        if state.network.nodes.map(\.shape) != network.nodes.map(\.shape) {
            workspace = ConvWorkspace(network: state.network, capacity: workspace.capacity)
        }
    }

    /// For benchmarks: `steps` steps of `batch` examples from the start of the training set.
    public func benchmarkSteps(_ steps: Int, batch: Int) {
        let b = min(batch, data.train.count)
        if state.permutation.isEmpty { state.permutation = state.rng.permutation(of: data.train.count) }
        for _ in 0..<steps { step(from: 0, count: b) }
    }
}
