import Foundation
import Testing
@testable import MarvelCore

/// The convolutional trainer: it learns, reports filters per layer and memory, and a run
/// stopped mid-epoch and resumed from its checkpoint ends bit-for-bit where an
/// uninterrupted one does.
@Suite struct ConvTrainerTests {
    /// 28×28 images of noise with a bright 8×8 patch in the quadrant of the class (4 classes).
    static let data: DynHPData = {
        var rng = Xoshiro256(seed: 5)
        func make(_ count: Int) -> LabeledSet {
            var features = [Float](repeating: 0, count: count * 784), labels = [Int32](repeating: 0, count: count)
            for i in 0..<count {
                let c = rng.nextIndex(below: 4)
                labels[i] = Int32(c)
                for p in 0..<784 { features[i * 784 + p] = Float(0.3 * rng.nextGaussian()) }
                let top = 3 + (c / 2) * 14 + rng.nextIndex(below: 3), left = 3 + (c % 2) * 14 + rng.nextIndex(below: 3)
                for y in top..<(top + 8) { for x in left..<(left + 8) { features[i * 784 + y * 28 + x] += 1 } }
            }
            return LabeledSet(features: features, labels: labels, dimension: 784, classes: 4)
        }
        return DynHPData(name: "patches", train: make(160), validation: make(40), test: make(40))
    }()

    static func config(_ mode: PruningMode, epochs: Int = 3) -> DynHPConfig {
        var c = DynHPConfig(mode: mode, lambda: 30, threshold: 0.5, alphaBS: 0.9, batchSize: 16, budgetBytes: 128 << 20,
                            epochs: epochs, seed: 3, learningRate: 0.005, gateLearningRate: 0.1, hiddenDropRate: 0.2)
        c.topology = "lenet5"
        return c
    }

    @Test func lenet5LearnsAndReportsFiltersPerLayer() throws {
        var config = Self.config(.dynhp, epochs: 4)
        config.lambda = 0.5
        let trainer = try ConvTrainer(config: config, data: Self.data, runID: "t")
        var reports: [DynHPEpochReport] = []
        while let r = trainer.trainEpoch() { reports.append(r) }
        let last = try #require(reports.last)
        #expect(reports.count == 4)
        #expect(last.active.count == 4, "conv1, conv2, dense 120, dense 84")
        #expect(reports.map(\.validationError).min()! < 0.5, "4 classes: better than chance at some epoch, got \(reports.map(\.validationError))")
        #expect(last.memoryBytes > 0 && last.flops > 0 && last.memoryTotalBytes > 0)
        #expect(trainer.state.batch.size >= 16, "dynamic batch never shrinks below the start")
        let memory = trainer.memoryModel
        #expect(memory.bytes(batch: trainer.state.batch.size) <= trainer.state.config.budgetBytes)
    }

    @Test func resumedRunEndsBitForBitWhereAnUninterruptedOneDoes() throws {
        let straight = try ConvTrainer(config: Self.config(.dynhp), data: Self.data, runID: "r")
        while straight.trainEpoch() != nil {}

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("conv-resume-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = ConvCheckpointStore(outputDirectory: dir)
        let first = try ConvTrainer(config: Self.config(.dynhp), data: Self.data, runID: "r")
        _ = first.trainEpoch()
        var steps = 0
        #expect(first.trainEpoch(shouldStop: { steps += 1; return steps > 3 }) == nil, "stopped mid-epoch")
        try store.save(first.state)
        let loaded = try store.load()
        #expect(loaded == first.state, "the checkpoint holds the whole state")
        let resumed = try ConvTrainer(state: loaded, data: Self.data)
        while resumed.trainEpoch() != nil {}
        #expect(resumed.state == straight.state)
        #expect(resumed.state.lastReport == straight.state.lastReport)
    }

    @Test func exportedModelReadsBackAndEvaluatesTheSame() throws {
        let trainer = try ConvTrainer(config: Self.config(.hp, epochs: 1), data: Self.data, runID: "e")
        _ = trainer.trainEpoch()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("conv-export-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = trainer.finalModel
        try ConvModelArchive.write(model, to: dir)
        #expect(ConvModelArchive.holdsConvModel(dir))
        let (read, _, _) = try ConvModelArchive.read(from: dir)
        #expect(read == model)
        #expect(ConvEvaluation.error(of: read, on: Self.data.test) == ConvEvaluation.error(of: trainer.state.network, on: Self.data.test))
    }

    /// (wrn-28-10 and the VGGs draw 9–37 million weights: too slow for a debug-build test;
    /// they share the builders checked here.)
    @Test(arguments: [ConvTopology.lenet5, .resnet28x1])
    func topologiesBuildForBothInputShapes(_ topology: ConvTopology) throws {
        for shape in [TensorShape(channels: 1, height: 28, width: 28), TensorShape(channels: 3, height: 32, width: 32)] {
            let net = try topology.build(input: shape, classes: 10, seed: 1)
            #expect(net.classes == 10)
            #expect(!net.gatedNodes.isEmpty)
            if topology == .resnet28x1 { #expect(net.gatedNodes.count == 27, "1 stem + 24 block convs + 2 projections") }
            if topology == .resnet28x1 { #expect(net.nodes.last?.conv?.inChannels == 64) }
        }
    }
}
