import Foundation
import Testing
@testable import MarvelCore

/// The levers that tune pruning (fine-tuning, gate learning rate, λ per layer, gate
/// temperature and initial drop rates, learning-rate warm-up): each round-trips through the
/// configuration and checkpoints, resumes bit-for-bit, and does what it says.
@Suite struct DynHPLeverTests {
    static let data = DynHPTrainerTests.data

    /// Every lever away from its default.
    static func config(_ mode: PruningMode, epochs: Int = 2, finetune: Int = 2) -> DynHPConfig {
        var c = DynHPTrainerTests.config(mode, epochs: epochs)
        c.finetuneEpochs = finetune
        c.finetuneLearningRate = 0.004
        c.gateLearningRate = 0.03
        c.layerLambdas = [1.5, 2.5, 3]
        c.temperature = 0.5
        c.inputDropRate = 0.3
        c.hiddenDropRate = 0.4
        c.warmupEpochs = 1
        c.learningRateBatchScaling = .sqrt
        return c
    }

    @Test func everyLeverRoundTripsThroughTheConfigurationJSON() throws {
        let config = Self.config(.dynhp)
        #expect(DynHPConfig(json: config.json) == config)
        let json = config.json
        #expect(json["finetune_epochs"]?.intValue == 2)
        #expect(json["finetune_lr"]?.doubleValue == 0.004)
        #expect(json["gate_lr"]?.doubleValue == 0.03)
        #expect(json["layer_lambdas"]?.arrayValue?.compactMap(\.doubleValue) == [1.5, 2.5, 3])
        #expect(json["temperature"]?.doubleValue == 0.5)
        #expect(json["init_drop_input"]?.doubleValue == 0.3 && json["init_drop_hidden"]?.doubleValue == 0.4)
        #expect(json["lr_warmup_epochs"]?.intValue == 1)
        // A checkpoint written before the levers existed reads with their defaults.
        var old = DynHPTrainerTests.config(.hp).json
        for key in ["finetune_epochs", "finetune_lr", "gate_lr", "layer_lambdas", "temperature", "init_drop_input",
                    "init_drop_hidden", "lr_warmup_epochs"] { old[key] = nil }
        #expect(DynHPConfig(json: old) == DynHPTrainerTests.config(.hp))
        // The flags that reproduce it.
        let flags = config.flags.joined(separator: " ")
        for part in ["--finetune 2", "--finetune-lr 0.004", "--gate-lr 0.03", "--layer-lambdas 1.5,2.5,3", "--temperature 0.5",
                     "--init-drop-input 0.3", "--init-drop-hidden 0.4", "--lr-warmup 1"] {
            #expect(flags.contains(part), "\(part) in \(flags)")
        }
    }

    @Test func resumeMidFineTuningEqualsAnUninterruptedRunWithEveryLever() throws {
        let config = Self.config(.dynhp, epochs: 2, finetune: 2)
        let straight = try DynHPTrainer(config: config, data: Self.data, runID: "l")
        var straightReports: [DynHPEpochReport] = []
        while let r = straight.trainEpoch() { straightReports.append(r) }
        #expect(straightReports.map(\.epoch) == [1, 2, 3, 4])
        #expect(straightReports.map(\.epochs) == [4, 4, 4, 4], "fine-tuning counts in the epochs")
        #expect(straightReports.map(\.finetuning) == [false, false, true, true])

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dynhp-levers-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = CheckpointStore(outputDirectory: dir)
        let first = try DynHPTrainer(config: config, data: Self.data, runID: "l")
        var reports: [DynHPEpochReport] = []
        for _ in 0..<3 { reports.append(try #require(first.trainEpoch())) }
        var calls = 0
        #expect(first.trainEpoch(shouldStop: { calls += 1; return calls > 5 }) == nil, "stopped inside the last fine-tuning epoch")
        try store.save(first.state)
        let loaded = try store.load()
        #expect(loaded == first.state, "the checkpoint holds the whole state, levers included")
        #expect(loaded.config == config)
        let second = try DynHPTrainer(state: loaded, data: Self.data)
        while let r = second.trainEpoch() { reports.append(r) }
        #expect(reports == straightReports)
        #expect(second.state.model == straight.state.model)
        #expect(second.state.optimizer == straight.state.optimizer)
    }

    @Test func fineTuningNeverRevivesAPrunedUnitAndKeepsEveryGate() throws {
        var config = Self.config(.hp, epochs: 4, finetune: 3)
        config.gateLearningRate = 0.05
        let trainer = try DynHPTrainer(config: config, data: Self.data, runID: "f")
        var reports: [DynHPEpochReport] = []
        while !trainer.state.isFinetuning, let r = trainer.trainEpoch() { reports.append(r) }
        let pruned = try #require(reports.last)
        #expect(pruned.params < pruned.paramsInitial, "pruning removed units before fine-tuning")
        // Fine-tuning starts from the evaluated network without its closed gates.
        let kept = trainer.finalModel
        #expect(kept.widths.dropLast() == ArraySlice(pruned.active), "only the units the last pruning epoch counted remain")
        #expect(kept.layers.allSatisfy { $0.logAlpha.allSatisfy { HardConcrete.testGate(logAlpha: $0) > 0 } })
        var memory = pruned.memoryTotalBytes
        while let r = trainer.trainEpoch() {
            #expect(r.finetuning)
            #expect(trainer.state.model.inputIndices == kept.inputIndices, "no input comes back")
            #expect(trainer.state.model.widths == kept.widths, "no unit comes back, none is removed")
            #expect(trainer.state.model.layers.map(\.logAlpha) == kept.layers.map(\.logAlpha), "gates stay fixed")
            #expect(trainer.state.model.layers.map(\.weights) != kept.layers.map(\.weights), "the weights train")
            #expect(r.params == pruned.params)
            #expect(r.memoryTotalBytes > memory, "fine-tuning steps count in the total memory")
            memory = r.memoryTotalBytes
            reports.append(r)
        }
        #expect(reports.count == 7)
        #expect(trainer.finalModel.parameterCount == pruned.params)
    }

    @Test func fineTuningStartsFromTheAverageWhenOneIsKept() throws {
        var config = DynHPTrainerTests.config(.hp, epochs: 2)
        config.finetuneEpochs = 1
        config.emaDecay = 0.9
        let trainer = try DynHPTrainer(config: config, data: Self.data, runID: "a")
        _ = trainer.trainEpoch()
        _ = trainer.trainEpoch()
        #expect(trainer.state.isFinetuning && !trainer.state.gatesFixed, "the gates are fixed when fine-tuning starts")
        let final = trainer.finalModel
        #expect(trainer.trainEpoch(shouldStop: { true }) == nil)
        #expect(trainer.state.gatesFixed)
        #expect(trainer.state.model == final, "the average without its closed gates")
        #expect(trainer.state.average?.steps == 0, "the average starts again on the compact network")
        _ = trainer.trainEpoch()
        #expect(trainer.state.isFinished)
    }

    @Test func aFinishedPruningRunResumedWithFineTuningCompactsFirst() throws {
        var config = DynHPTrainerTests.config(.hp, epochs: 3)
        config.gateLearningRate = 0.05
        let trainer = try DynHPTrainer(config: config, data: Self.data, runID: "r")
        while trainer.trainEpoch() != nil {}
        var state = trainer.state
        #expect(state.isFinished)
        let final = trainer.finalModel
        state.config.finetuneEpochs = 1
        let resumed = try DynHPTrainer(state: state, data: Self.data)
        let report = try #require(resumed.trainEpoch())
        #expect(report.finetuning && report.epoch == 4 && report.epochs == 4)
        #expect(resumed.state.model.widths == final.widths && resumed.state.model.inputIndices == final.inputIndices)
    }

    @Test func gatesTakeTheirOwnLearningRateAndStayPutWhenFixed() {
        var layers = [GatedDenseLayer(inputs: 2, outputs: 1, weights: [1, 1], bias: [0], logAlpha: [1, 1])]
        var grads = [GatedDenseLayer.zeros(inputs: 2, outputs: 1)]
        grads[0].weights = [1, 2]
        grads[0].logAlpha = [1, -2]
        var sgd = OptimizerState(kind: .sgd, learningRate: 0.5, gateLearningRate: 0.25, momentum: 0, shapes: layers)
        sgd.apply(grads, to: &layers)
        #expect(layers[0].weights == [0.5, 0])
        #expect(layers[0].logAlpha == [0.75, 1.5])
        var adam = OptimizerState(kind: .adam, learningRate: 0.1, momentum: 0, shapes: layers)
        let before = layers
        adam.apply(grads, to: &layers, gates: false)
        #expect(layers[0].logAlpha == before[0].logAlpha)
        #expect(adam.first[0].logAlpha == [0, 0] && adam.second[0].logAlpha == [0, 0], "fixed gates keep no moments")
        #expect(layers[0].weights != before[0].weights)
        // The trainer hands the gates their rate under the same schedule and batch scaling.
        var config = Self.config(.dynhp)
        config.warmupEpochs = 0
        config.learningRateSchedule = .cosine
        config.epochs = 4
        #expect(abs(config.gateLearningRate(atEpoch: 2, batch: 128) - 0.03 * 0.5 * 2) < 1e-12)
        #expect(abs(config.learningRate(atEpoch: 2, batch: 128) - 0.01 * 0.5 * 2) < 1e-12)
    }

    @Test func eachGatedLayerPaysItsOwnLambda() throws {
        let trainer = try DynHPTrainer(config: Self.config(.hp), data: Self.data, runID: "x")
        #expect(trainer.penalties.map(\.lambda) == [1.5, 2.5, 3])
        #expect(trainer.penalties.allSatisfy { $0.beta == 0.5 })
        var wrong = Self.config(.hp)
        wrong.layerLambdas = [1, 2]
        let error = try #require(throws: DynHPError.self) { _ = try DynHPTrainer(config: wrong, data: Self.data, runID: "x") }
        #expect(error.description.contains("--layer-lambdas needs one value per gated layer (3 for --arch 40-24-12-4"))
        // Without --layer-lambdas every layer pays --lambda.
        let plain = try DynHPTrainer(config: DynHPTrainerTests.config(.hp), data: Self.data, runID: "x")
        #expect(plain.penalties.map(\.lambda) == [2, 2, 2])
    }

    @Test func temperatureAndInitialDropRatesShapeTheGates() throws {
        // P(z ≠ 0) = sigmoid(log_alpha − β ln(−γ/ζ)); at β 0.5 the shift is 0.5 ln 11 = 1.1990.
        #expect(abs(HardConcrete.nonZeroShift(beta: 0.5) - 1.19895) < 1e-4)
        #expect(abs(HardConcrete.probabilityNonZero(logAlpha: 0, beta: 0.5) - 0.76832) < 1e-4)
        #expect(HardConcrete.probabilityNonZero(logAlpha: 0.3) == HardConcrete.probabilityNonZero(logAlpha: 0.3, beta: 2.0 / 3.0))
        // A colder gate is closer to 0 or 1 for the same draw.
        #expect(HardConcrete.trainSample(logAlpha: 0, u: 0.7, beta: 0.25) > HardConcrete.trainSample(logAlpha: 0, u: 0.7))
        let trainer = try DynHPTrainer(config: Self.config(.hp), data: Self.data, runID: "x")
        let layers = trainer.state.model.layers
        let inputMean = layers[0].logAlpha.reduce(0, +) / Float(layers[0].inputs)
        let hiddenMean = layers[1].logAlpha.reduce(0, +) / Float(layers[1].inputs)
        #expect(abs(inputMean - Float(log(0.7 / 0.3))) < 0.01, "input gates start at ln((1-p)/p), p 0.3")
        #expect(abs(hiddenMean - Float(log(0.6 / 0.4))) < 0.01, "hidden gates start at ln((1-p)/p), p 0.4")
        for bad in [0.0, 1.0] {
            var c = Self.config(.hp)
            c.inputDropRate = bad
            #expect(throws: DynHPError.self) { try DynHPTrainer(config: c, data: Self.data, runID: "x") }
        }
        var cold = Self.config(.hp)
        cold.temperature = 0
        #expect(throws: DynHPError.self) { try DynHPTrainer(config: cold, data: Self.data, runID: "x") }
        #expect(DynHPConfig.parseTemperature("2/3") == 2.0 / 3.0)
        #expect(DynHPConfig.parseTemperature("0.5") == 0.5)
        #expect(DynHPConfig.parseTemperature("2/0") == nil && DynHPConfig.parseTemperature("x") == nil)
    }

    @Test func warmUpPhasesTheBatchScalingIn() throws {
        var config = DynHPTrainerTests.config(.dynhp)
        config.learningRate = 0.01
        config.learningRateBatchScaling = .linear
        config.warmupEpochs = 2
        // Batch 128 at initial 32: factor 4, reached after 2 epochs: 1, 1.75, 2.5, 4, 4.
        for (t, factor) in [(0.0, 1.0), (0.5, 1.75), (1.0, 2.5), (2.0, 4.0), (3.0, 4.0)] {
            let epoch = Int(t), progress = t - Double(epoch)
            #expect(abs(config.learningRate(atEpoch: epoch, batch: 128, epochProgress: progress) - 0.01 * factor) < 1e-12, "t \(t)")
        }
        config.warmupEpochs = 0
        #expect(config.learningRate(atEpoch: 0, batch: 128) == 0.04)
        // The trainer's first step (position 0 of epoch 0) runs at the unscaled rate.
        config.warmupEpochs = 2
        let trainer = try DynHPTrainer(config: config, data: Self.data, runID: "w")
        trainer.benchmarkSteps(1, batch: 128)
        #expect(abs(Double(trainer.state.optimizer.learningRate) - 0.01) < 1e-9)
    }

    @Test func fineTuningRestartsTheScheduleFromItsOwnRate() {
        var config = DynHPTrainerTests.config(.hp, epochs: 4)
        config.learningRate = 0.01
        config.learningRateSchedule = .cosine
        config.finetuneEpochs = 2
        config.finetuneLearningRate = 0.002
        #expect(config.totalEpochs == 6)
        #expect(!config.isFinetuning(epoch: 3) && config.isFinetuning(epoch: 4))
        #expect(abs(config.learningRate(atEpoch: 2) - 0.005) < 1e-12)
        #expect(abs(config.learningRate(atEpoch: 4) - 0.002) < 1e-12, "the first fine-tuning epoch starts at --finetune-lr")
        #expect(abs(config.learningRate(atEpoch: 5) - 0.001) < 1e-12)
        config.finetuneEpochs = 0
        #expect(config.learningRate(atEpoch: 4) == 0, "without fine-tuning the schedule simply ends")
    }
}
