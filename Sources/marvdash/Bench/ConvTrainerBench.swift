import Foundation
import MarvelCore

/// The convolutional trainer's row of `marvdash bench`: training samples/s of the L0
/// resnet-28-1 on 28×28×1 (Fashion-MNIST when installed) at batch 128 with Adam, 2 OpenBLAS
/// threads. A reference row with no budget: the goal is PyTorch CPU's speed on the same
/// L0 network, and that comparison is not here yet (no torch on these machines).
enum ConvTrainerBench {
    static let warmUpSteps = 2
    static let timedSteps = 10
    static let batch = 128

    static func rows() throws -> [BenchRow] {
        BLASThreads.set(2)
        let data = (try? DatasetLoader().load(.fashionMNIST))
            ?? SyntheticDataset(dimension: 784, trainCount: 1_000, validationCount: 10, testCount: 10).generate()
        var config = DynHPConfig(mode: .sp, batchSize: batch, epochs: 1, seed: 1)
        config.topology = ConvTopology.resnet28x1.rawValue
        config.hiddenDropRate = 0.2
        let trainer = try ConvTrainer(config: config, data: data, runID: "bench-cnn")
        trainer.benchmarkSteps(warmUpSteps, batch: batch)
        let ms = Stopwatch.milliseconds { trainer.benchmarkSteps(timedSteps, batch: batch) }
        return [BenchRow(name: "DynHP trainer L0 resnet-28-1, 28×28×1, batch 128, Adam (\(data.name); reference, no PyTorch comparison yet)",
                         measured: Double(timedSteps * batch) / (ms / 1000), budget: 0, unit: "samples/s",
                         higherIsBetter: true, isReference: true)]
    }
}
