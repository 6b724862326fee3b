import Foundation
import Testing
@testable import MarvelCore

/// The synthetic audio-visual counting set and mean squared error training on it: the set
/// is the same for a seed, each density map sums to the number of people the spectrogram's
/// bands count, and a tiny two-input network's MSE falls within a few steps.
@Suite struct AudioVisualCountingTests {
    static let tiny = AudioVisualCountingDataset(trainCount: 48, validationCount: 12, testCount: 12, seed: 5)

    static let tinyModel = """
        inputs:
          - {name: video, shape: [3, 32, 32]}
          - {name: audio, shape: [1, 32, 32]}
        layers:
          - {name: v, type: conv, filters: 4, kernel: 3, padding: 1, batchNorm: true, input: video}
          - {name: vp, type: avgPool, kernel: 4}
          - {name: a, type: conv, filters: 2, kernel: 3, padding: 1, input: audio}
          - {name: ap, type: avgPool, kernel: 4}
          - {type: concat, inputs: [vp, ap]}
          - {type: conv, filters: 4, kernel: 3, padding: 1, batchNorm: true}
          - {type: conv, filters: 1, kernel: 1, gated: false, relu: false}
        loss: mse
        """

    /// Two inputs, average pools, a concatenation, a gated fusion conv and a 1×8×8 map.
    static func tinyNetwork() throws -> ConvNetwork {
        try ModelFile.parse(tinyModel, file: "tiny.yaml").build(imageShape: nil, classes: 0, seed: 3)
    }

    @Test func theSetIsDeterministicAndEachMapSumsToTheCountTheSoundCarries() {
        let a = Self.tiny.generate(), b = Self.tiny.generate()
        #expect(a == b)
        #expect(a.train.dimension == 4096 && a.train.targetDimension == 64 && a.train.isRegression)
        #expect(a != AudioVisualCountingDataset(trainCount: 48, validationCount: 12, testCount: 12, seed: 6).generate())
        var counts = Set<Int>()
        for i in 0..<a.train.count {
            let map = a.train.targets[(i * 64)..<((i + 1) * 64)]
            let sum = map.reduce(0, +)
            let n = Int(sum.rounded())
            #expect(abs(sum - Float(n)) < 1e-3, "example \(i): the map sums to \(sum)")
            #expect(map.allSatisfy { $0 >= 0 })
            counts.insert(n)
            // Loud rows of the spectrogram (mean over time above 0.4): N harmonic bands.
            let spectrogram = a.train.features[(i * 4096 + 3072)..<((i + 1) * 4096)]
            let loud = (0..<32).filter { row in
                spectrogram[(spectrogram.startIndex + row * 32)..<(spectrogram.startIndex + row * 32 + 32)].reduce(0, +) / 32 > 0.4
            }.count
            #expect(loud == n, "example \(i): \(loud) bands for \(n) people")
        }
        #expect(counts.count >= 4, "counts vary: \(counts.sorted())")
    }

    @Test func aTinyTwoInputNetworksMeanSquaredErrorFallsWithinAFewSteps() throws {
        let network = try Self.tinyNetwork()
        var config = DynHPConfig(mode: .hp, batchSize: 16, epochs: 1, seed: 3, learningRate: 0.01)
        config.topology = network.name
        let trainer = try ConvTrainer(network: network, config: config, data: Self.tiny.generate(), runID: "tiny")
        trainer.benchmarkSteps(1, batch: 16)
        let first = trainer.state.epochLoss
        var last = first
        for _ in 0..<25 {
            let before = trainer.state.epochLoss
            trainer.benchmarkSteps(1, batch: 16)
            last = trainer.state.epochLoss - before
        }
        #expect(first > 0 && last.isFinite)
        #expect(last < first, "MSE after 26 steps \(last), first step \(first)")
        let report = try #require(trainer.trainEpoch())
        #expect(report.validationError.isFinite && report.testError.isFinite)
        let mae = try #require(trainer.lastMeanAbsoluteErrors)
        #expect(mae.test > 0 && mae.test * mae.test <= report.testError * (1 + 1e-6), "MAE² ≤ MSE: \(mae.test) vs \(report.testError)")
    }

    @Test func aResumedTwoInputMeanSquaredErrorRunEndsBitForBitWhereAnUninterruptedOneDoes() throws {
        var config = DynHPConfig(mode: .dynhp, batchSize: 16, epochs: 2, seed: 4, learningRate: 0.01)
        config.topology = "tiny"
        config.modelFile = "tiny.yaml"
        let data = Self.tiny.generate()
        let straight = try ConvTrainer(network: try Self.tinyNetwork(), config: config, data: data, runID: "r")
        while straight.trainEpoch() != nil {}
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("avcc-resume-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = ConvCheckpointStore(outputDirectory: dir)
        let first = try ConvTrainer(network: try Self.tinyNetwork(), config: config, data: data, runID: "r")
        _ = first.trainEpoch()
        var steps = 0
        #expect(first.trainEpoch(shouldStop: { steps += 1; return steps > 1 }) == nil, "stopped mid-epoch")
        try store.save(first.state)
        let loaded = try store.load()
        #expect(loaded == first.state, "the checkpoint holds the loss, both inputs and the concatenation")
        let resumed = try ConvTrainer(state: loaded, data: data)
        while resumed.trainEpoch() != nil {}
        #expect(resumed.state == straight.state)
        #expect(resumed.state.network.loss == .meanSquaredError)
    }

    @Test func theMeanTargetBaselineIsTheMSEOfPredictingTheTrainingMean() {
        var train = LabeledSet(features: [0, 0, 0], targets: [1, 0, 3, 0, 2, 3], dimension: 1, targetDimension: 2)
        let test = LabeledSet(features: [0], targets: [2, 1], dimension: 1, targetDimension: 2)
        // Mean target (2, 1): the test example is exactly it.
        #expect(ConvEvaluation.meanTargetBaseline(train: train, on: test) == 0)
        train.targets = [0, 0, 0, 0, 0, 0]
        #expect(ConvEvaluation.meanTargetBaseline(train: train, on: test) == 2.5, "((2 − 0)² + (1 − 0)²) / 2")
    }

    @Test func aClassificationNetworkRefusesARegressionSetAndBack() throws {
        let data = Self.tiny.generate()
        let lenet = try ConvTopology.lenet5.build(input: TensorShape(channels: 1, height: 64, width: 64), classes: 10, seed: 1)
        #expect(throws: DynHPError.self) { try ConvTrainer(network: lenet, config: DynHPConfig(batchSize: 8), data: data, runID: "x") }
        let avcc = try ModelFile.load(path: ModelFileTests.modelsDirectory + "/avcc.yaml").build(imageShape: nil, classes: 0, seed: 1)
        var labelled = data
        labelled.train = LabeledSet(features: data.train.features, labels: Array(repeating: 0, count: data.train.count), dimension: 4096, classes: 64)
        #expect(throws: DynHPError.self) { try ConvTrainer(network: avcc, config: DynHPConfig(batchSize: 8), data: labelled, runID: "x") }
    }
}
