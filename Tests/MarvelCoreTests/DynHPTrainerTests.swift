import Foundation
import Testing
@testable import MarvelCore

/// The trainer: compaction keeps the function, pruning is one-way, the batch respects the
/// budget, a short run learns and prunes, and a resumed run ends bit-for-bit where an
/// uninterrupted one does.
@Suite struct DynHPTrainerTests {
    static let data = SyntheticDataset(dimension: 40, informative: 12, classes: 4, trainCount: 800,
                                       validationCount: 200, testCount: 200, noise: 1.2, seed: 5).generate()

    static func config(_ mode: PruningMode, epochs: Int = 4) -> DynHPConfig {
        DynHPConfig(widths: [40, 24, 12, 4], mode: mode, lambda: 2, threshold: 0.6, alphaBS: 0.9, batchSize: 32,
                    budgetBytes: 64 << 20, epochs: epochs, seed: 9, learningRate: 0.01)
    }

    @Test func compactNetworkComputesWhatTheMaskedOneDoes() {
        var rng = Xoshiro256(seed: 1)
        let full = GatedMLP.random(widths: [20, 8, 6, 3], using: &rng)
        let kept = [[0, 2, 3, 5, 7, 11, 13, 19], [1, 2, 5, 7], [0, 3, 4]]
        var masked = full
        for (l, keep) in kept.enumerated() {
            for j in 0..<masked.layers[l].inputs where !keep.contains(j) { masked.layers[l].logAlpha[j] = -10 }
        }
        let compact = full.compacted(keeping: kept)
        #expect(compact.widths == [8, 4, 3, 3])
        #expect(compact.parameterCount == 8 * 4 + 4 + 4 * 3 + 3 + 3 * 3 + 3)
        let x = (0..<(16 * 20)).map { _ in Float(rng.nextGaussian()) }
        let a = x.withUnsafeBufferPointer { masked.logits(features: $0, count: 16) }
        let b = x.withUnsafeBufferPointer { compact.logits(features: $0, count: 16) }
        #expect(a.count == b.count)
        for i in a.indices { #expect(abs(a[i] - b[i]) < 1e-4) }
        // Removing closed gates is compaction too: same logits.
        let c = x.withUnsafeBufferPointer { masked.removingClosedGates().logits(features: $0, count: 16) }
        for i in a.indices { #expect(abs(a[i] - c[i]) < 1e-4) }
    }

    @Test func shortRunLearnsAndPrunesAndUnitsNeverComeBack() throws {
        let trainer = try DynHPTrainer(config: Self.config(.hp, epochs: 6), data: Self.data, runID: "t")
        var reports: [DynHPEpochReport] = []
        var inputs: [Set<Int>] = [Set(trainer.state.model.inputIndices)]
        var widths: [[Int]] = [trainer.state.model.widths]
        while let r = trainer.trainEpoch() {
            reports.append(r)
            inputs.append(Set(trainer.state.model.inputIndices))
            widths.append(trainer.state.model.widths)
        }
        #expect(reports.count == 6)
        let first = try #require(reports.first), last = try #require(reports.last)
        #expect(last.validationError < first.validationError || last.validationError < 0.2)
        #expect(last.validationError < 0.5, "4 classes: far better than chance")
        #expect(last.params < last.paramsInitial, "pruned: \(last.params) of \(last.paramsInitial)")
        for i in 1..<inputs.count {
            #expect(inputs[i].isSubset(of: inputs[i - 1]), "a pruned input never returns")
            for l in 0..<widths[i].count { #expect(widths[i][l] <= widths[i - 1][l]) }
        }
        // Optimiser state shrank with the network.
        #expect(trainer.state.optimizer.first.map(\.inputs) == trainer.state.model.layers.map(\.inputs))
        #expect(trainer.state.optimizer.second.map(\.outputs) == trainer.state.model.layers.map(\.outputs))
    }

    @Test func softPruningRemovesNothingDuringTraining() throws {
        let trainer = try DynHPTrainer(config: Self.config(.sp, epochs: 2), data: Self.data, runID: "t")
        while trainer.trainEpoch() != nil {}
        #expect(trainer.state.model.widths == [40, 24, 12, 4])
        #expect(trainer.finalModel.parameterCount <= trainer.state.model.parameterCount)
    }

    @Test func dynamicBatchNeverExceedsTheBudget() throws {
        var config = Self.config(.dynhp, epochs: 4)
        config.alphaBS = 0
        let model = MemoryModel(widths: config.widths, optimizerMoments: 2)
        config.budgetBytes = model.fixedBytes + 100 * model.perExampleBytes
        let trainer = try DynHPTrainer(config: config, data: Self.data, runID: "t")
        var grew = false
        while let r = trainer.trainEpoch(shouldStop: {
            #expect(trainer.state.batch.size <= trainer.state.batch.cap)
            #expect(trainer.memoryModel.bytes(batch: trainer.state.batch.size) <= config.budgetBytes)
            return false
        }) {
            #expect(r.memoryBytes <= config.budgetBytes)
            if r.batchSize > 32 { grew = true }
        }
        #expect(grew, "alpha_bs 0 grows the batch up to the cap")
        // The cap follows the pruned network: more room once units are gone, never over budget.
        #expect(trainer.state.batch.cap == trainer.memoryModel.largestBatch(budget: config.budgetBytes))
    }

    @Test func batchOverTheBudgetOrTheDataIsRefused() throws {
        var config = Self.config(.hp)
        config.budgetBytes = 1000
        let budget = try #require(throws: DynHPError.self) { _ = try DynHPTrainer(config: config, data: Self.data, runID: "t") }
        #expect(budget.description.contains("--budget"))
        config = Self.config(.hp)
        config.batchSize = 5000
        let large = try #require(throws: DynHPError.self) { _ = try DynHPTrainer(config: config, data: Self.data, runID: "t") }
        #expect(large.description.contains("larger than the training set"))
        config = Self.config(.hp)
        config.widths = [39, 10, 4]
        let arch = try #require(throws: DynHPError.self) { _ = try DynHPTrainer(config: config, data: Self.data, runID: "t") }
        #expect(arch.description.contains("--arch"))
    }

    @Test(arguments: [0.0, 0.99])
    func resumeFromCheckpointEqualsUninterruptedRun(ema: Double) throws {
        var config = Self.config(.dynhp, epochs: 3)
        config.emaDecay = ema
        let straight = try DynHPTrainer(config: config, data: Self.data, runID: "r")
        var straightReports: [DynHPEpochReport] = []
        while let r = straight.trainEpoch() { straightReports.append(r) }

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dynhp-resume-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = CheckpointStore(outputDirectory: dir)
        var reports: [DynHPEpochReport] = []
        let first = try DynHPTrainer(config: config, data: Self.data, runID: "r")
        reports.append(try #require(first.trainEpoch()))
        try store.save(first.state)
        var calls = 0
        #expect(first.trainEpoch(shouldStop: { calls += 1; return calls > 7 }) == nil, "stopped mid-epoch")
        #expect(first.state.position > 0)
        try store.save(first.state)
        let loaded = try store.load()
        #expect(loaded == first.state, "the checkpoint holds the whole state")
        let second = try DynHPTrainer(state: loaded, data: Self.data)
        while let r = second.trainEpoch() { reports.append(r) }
        #expect(reports == straightReports)
        #expect(second.state.model == straight.state.model)
        #expect(second.state.optimizer == straight.state.optimizer)
        #expect(second.state.rng == straight.state.rng)
        #expect(second.state.average == straight.state.average)
        #expect((second.state.average != nil) == (ema > 0))
    }

    @Test func parameterAverageIsBiasCorrectedAndCompacted() {
        func layer(_ values: [Float]) -> GatedDenseLayer {
            GatedDenseLayer(inputs: 2, outputs: 1, weights: values, bias: [values[0]], logAlpha: values)
        }
        let model = GatedMLP(initialWidths: [2, 1], inputIndices: [0, 1], layers: [layer([2, -2])])
        var average = ParameterAverage(decay: 0.5, shapes: model.layers)
        #expect(average.network(like: model) == model, "nothing averaged yet: the model itself")
        average.update(with: [layer([2, -2])])
        average.update(with: [layer([4, 0])])
        // a = 0.5·(0.5·0 + 0.5·2) + 0.5·4 = 2.5; bias-corrected 2.5 / (1 − 0.5²) = 10/3.
        #expect(abs(average.layers[0].weights[0] - 2.5) < 1e-6)
        let averaged = average.network(like: model)
        #expect(abs(averaged.layers[0].weights[0] - 10.0 / 3) < 1e-5)
        #expect(abs(averaged.layers[0].weights[1] - -2.0 / 3) < 1e-5)
        #expect(abs(averaged.layers[0].bias[0] - 10.0 / 3) < 1e-5)
        #expect(abs(averaged.layers[0].logAlpha[1] - -2.0 / 3) < 1e-5)
        average.compact(keeping: [[1]])
        #expect(average.layers[0].inputs == 1 && abs(average.layers[0].weights[0] - -0.5) < 1e-6)
    }

    @Test func emaRunsEvaluateAndExportTheAverage() throws {
        var config = Self.config(.hp, epochs: 3)
        config.emaDecay = 0.9
        let trainer = try DynHPTrainer(config: config, data: Self.data, runID: "e")
        var last: DynHPEpochReport?
        while let r = trainer.trainEpoch() { last = r }
        let report = try #require(last)
        let average = try #require(trainer.state.average)
        #expect(average.steps == trainer.state.optimizer.step)
        #expect(average.layers.map(\.inputs) == trainer.state.model.layers.map(\.inputs), "compacted with the network")
        #expect(trainer.evaluatedModel != trainer.state.model)
        #expect(trainer.finalModel == trainer.evaluatedModel.removingClosedGates())
        #expect(report.testError == Self.data.test.error(of: trainer.evaluatedModel))
        #expect(report.params == trainer.finalModel.parameterCount)
        var bad = config
        bad.emaDecay = 1
        #expect(throws: DynHPError.self) { try DynHPTrainer(config: bad, data: Self.data, runID: "x") }
    }

    @Test func sgdWithMomentumAlsoTrains() throws {
        var config = Self.config(.hp, epochs: 3)
        config.optimizer = .sgd
        config.learningRate = 0.05
        let trainer = try DynHPTrainer(config: config, data: Self.data, runID: "t")
        var last: DynHPEpochReport?
        while let r = trainer.trainEpoch() { last = r }
        #expect(try #require(last).validationError < 0.5)
        #expect(trainer.state.optimizer.second.isEmpty)
    }

    @Test func gatesAreSampledPerExampleAndEachExampleIsObserved() throws {
        var config = Self.config(.hp)
        config.gateSampling = .example
        let trainer = try DynHPTrainer(config: config, data: Self.data, runID: "t")
        trainer.benchmarkSteps(1, batch: 32)
        #expect(trainer.state.activity.map(\.observations) == [32, 32, 32])
        // Per-example gates differ between the examples of one batch.
        let z = trainer.workspace.gates[1].base
        let width = trainer.state.model.layers[1].inputs
        let rows = (0..<32).map { i in (0..<width).map { z[i * width + $0] } }
        #expect(Set(rows.map { $0.description }).count > 1)
    }

    @Test func cosineScheduleSetsEachEpochsRate() throws {
        var config = Self.config(.hp)
        config.learningRate = 0.01
        config.epochs = 4
        config.learningRateSchedule = .cosine
        // ½(1 + cos(π e/4)) for e = 0…4: 1, 0.8536, 0.5, 0.1464, 0.
        let expected = [0.01, 0.008536, 0.005, 0.001464, 0]
        for (e, rate) in expected.enumerated() { #expect(abs(config.learningRate(atEpoch: e) - rate) < 1e-6) }
        #expect(DynHPConfig(json: config.json) == config)
        let trainer = try DynHPTrainer(config: config, data: Self.data, runID: "t")
        _ = trainer.trainEpoch()
        _ = trainer.trainEpoch()
        #expect(abs(Double(trainer.state.optimizer.learningRate) - 0.008536) < 1e-6)
    }

    @Test func batchScalingRaisesTheRateWithTheStepsBatch() throws {
        #expect(LearningRateBatchScaling.none.factor(batch: 512, initial: 128) == 1)
        #expect(LearningRateBatchScaling.sqrt.factor(batch: 512, initial: 128) == 2)
        #expect(LearningRateBatchScaling.linear.factor(batch: 512, initial: 128) == 4)
        #expect(LearningRateBatchScaling.sqrt.factor(batch: 32, initial: 128) == 0.5)
        var config = Self.config(.dynhp)
        config.learningRate = 0.01
        config.learningRateSchedule = .cosine
        config.epochs = 4
        for (scaling, rate) in [(LearningRateBatchScaling.none, 0.01), (.sqrt, 0.02), (.linear, 0.04)] {
            config.learningRateBatchScaling = scaling
            #expect(DynHPConfig(json: config.json) == config)
            // Config batch 32; a step of 128 examples in epoch 0 (cosine factor 1).
            let trainer = try DynHPTrainer(config: config, data: Self.data, runID: "t")
            trainer.benchmarkSteps(1, batch: 128)
            #expect(abs(Double(trainer.state.optimizer.learningRate) - rate) < 1e-7, "\(scaling)")
        }
        // Schedule and scaling multiply: epoch 2 of 4 under cosine is ½.
        #expect(abs(config.learningRate(atEpoch: 2, batch: 128) - 0.02) < 1e-9)
    }

    @Test func perBatchGatesAreSharedByTheBatchAndObservedOnce() throws {
        let trainer = try DynHPTrainer(config: Self.config(.hp), data: Self.data, runID: "t")
        #expect(trainer.state.config.gateSampling == .batch)
        trainer.benchmarkSteps(1, batch: 32)
        #expect(trainer.state.activity.map(\.observations) == [1, 1, 1])
        let z = trainer.workspace.gates[1].base
        let width = trainer.state.model.layers[1].inputs
        let rows = (0..<32).map { i in (0..<width).map { z[i * width + $0] } }
        #expect(Set(rows.map { $0.description }).count == 1)
    }
}
