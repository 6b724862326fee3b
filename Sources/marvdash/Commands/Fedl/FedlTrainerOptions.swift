import ArgumentParser
import MarvelCore

/// The DynHP settings every client of a federated run trains with (the server sends them):
/// the same flags as `marvdash dynhp train`, with `--local-epochs` per round.
struct FedlTrainerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Layer widths of the global model, inputs first.", valueName: "widths"))
    var arch: String = "784-300-100-10"
    @Option(help: ArgumentHelp("Local training: dynhp, hp or sp.", valueName: "mode")) var mode: String = "dynhp"
    @Option(help: "lambda of the expected-L0 penalty.") var lambda: Double = 0.1
    @Option(help: "Activation-rate threshold of hard pruning (0…1); also the global model's pruning threshold.")
    var gamma: Double = 0.5
    @Option(name: .customLong("alpha-bs"), help: "alpha_bs of dynamic batch sizing (0…1).") var alphaBS: Double = 0.988
    @Option(help: "Batch size (initial for dynhp).") var batch: Int = 128
    @Option(help: ArgumentHelp("Memory budget of a client's training (e.g. 2GiB, 512MiB).", valueName: "size"))
    var budget: String = "2GiB"
    @Option(name: .customLong("local-epochs"), help: "Epochs each client trains per round.") var localEpochs: Int = 1
    @Option(help: "Seed of the initial model and of the selection.") var seed: Int = 1
    @Option(help: ArgumentHelp("adam or sgd (with momentum).", valueName: "name")) var optimizer: String = "adam"
    @Option(help: "Learning rate of the clients' optimiser.") var lr: Double = 0.001
    @Option(name: .customLong("lr-batch-scaling"), help: ArgumentHelp("none, sqrt or linear (as dynhp train).", valueName: "rule"))
    var lrBatchScaling: String = "none"
    @Option(name: .customLong("gate-samples"), help: ArgumentHelp("batch or example (as dynhp train).", valueName: "per"))
    var gateSamples: String = "batch"

    func validate() throws {
        _ = try widths()
        guard PruningMode(rawValue: mode) != nil else { throw ValidationError("--mode must be dynhp, hp or sp, got '\(mode)'") }
        guard OptimizerKind(rawValue: optimizer) != nil else { throw ValidationError("--optimizer must be adam or sgd, got '\(optimizer)'") }
        guard LearningRateBatchScaling(rawValue: lrBatchScaling) != nil else {
            throw ValidationError("--lr-batch-scaling must be none, sqrt or linear, got '\(lrBatchScaling)'")
        }
        guard GateSampling(rawValue: gateSamples) != nil else { throw ValidationError("--gate-samples must be batch or example, got '\(gateSamples)'") }
        guard lambda >= 0, lambda.isFinite else { throw ValidationError("--lambda must be 0 or more, got \(lambda)") }
        guard (0...1).contains(gamma) else { throw ValidationError("--gamma must be from 0 to 1, got \(gamma)") }
        guard (0...1).contains(alphaBS) else { throw ValidationError("--alpha-bs must be from 0 to 1, got \(alphaBS)") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1, got \(batch)") }
        guard let bytes = DynhpByteSize.parse(budget), bytes > 0 else {
            throw ValidationError("--budget must be a size like 2GiB, 512MiB or 1000000, got '\(budget)'")
        }
        guard localEpochs >= 1 else { throw ValidationError("--local-epochs must be at least 1, got \(localEpochs)") }
        guard seed >= 0 else { throw ValidationError("--seed must be 0 or more, got \(seed)") }
        guard lr > 0, lr.isFinite else { throw ValidationError("--lr must be positive, got \(lr)") }
    }

    func widths() throws -> [Int] {
        let parts = arch.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count >= 2, parts.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("--arch must be widths joined by '-', inputs first, e.g. 784-300-100-10; got '\(arch)'")
        }
        return parts.compactMap { $0 }
    }

    func config() throws -> DynHPConfig {
        DynHPConfig(widths: try widths(), mode: PruningMode(rawValue: mode) ?? .dynhp, lambda: lambda, threshold: gamma,
                    alphaBS: alphaBS, batchSize: batch, budgetBytes: DynhpByteSize.parse(budget) ?? 0, epochs: localEpochs,
                    seed: UInt64(seed), optimizer: OptimizerKind(rawValue: optimizer) ?? .adam, learningRate: lr,
                    gateSampling: GateSampling(rawValue: gateSamples) ?? .batch,
                    learningRateBatchScaling: LearningRateBatchScaling(rawValue: lrBatchScaling) ?? LearningRateBatchScaling.none)
    }
}

/// Where a federated process's data comes from (`--dataset`, `--data`, `--synthetic-train`).
struct FedlDataOptions: ParsableArguments {
    @Option(help: ArgumentHelp("fashion-mnist, mnist or synthetic.", valueName: "name")) var dataset: String = "fashion-mnist"
    @Option(help: ArgumentHelp("Folder with the IDX files (train-images-idx3-ubyte.gz …).", valueName: "dir")) var data: String?
    @Option(name: .customLong("synthetic-train"), help: "Training examples of the synthetic dataset (before sharding).")
    var syntheticTrain = 6_000
    @Option(name: .customLong("synthetic-dimension"), help: "Features of the synthetic dataset.") var syntheticDimension = 784
    @Option(name: .customLong("synthetic-classes"), help: "Classes of the synthetic dataset.") var syntheticClasses = 10

    func validate() throws {
        guard DatasetKind(rawValue: dataset) != nil else {
            throw ValidationError("--dataset must be one of \(DatasetKind.allCases.map(\.rawValue).joined(separator: ", ")), got '\(dataset)'")
        }
        guard dataset != DatasetKind.avccSynthetic.rawValue else {
            throw ValidationError("--dataset avcc-synthetic is a regression set for convolutional model files (dynhp train --model avcc); federated DynHP trains MLP classifiers")
        }
        guard syntheticTrain >= 10 else { throw ValidationError("--synthetic-train must be at least 10, got \(syntheticTrain)") }
        guard syntheticDimension >= 1, syntheticClasses >= 2 else {
            throw ValidationError("--synthetic-dimension must be ≥ 1 and --synthetic-classes ≥ 2")
        }
    }

    func load() throws -> DynHPData {
        var synthetic = SyntheticDataset(dimension: syntheticDimension, classes: syntheticClasses, trainCount: syntheticTrain)
        synthetic.validationCount = max(10, syntheticTrain / 6)
        synthetic.testCount = max(10, syntheticTrain / 6)
        return try DatasetLoader(synthetic: synthetic).load(DatasetKind(rawValue: dataset) ?? .synthetic, directory: data)
    }
}
