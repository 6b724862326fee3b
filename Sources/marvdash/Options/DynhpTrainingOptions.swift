import ArgumentParser
import Foundation
import MarvelCore

/// The flags that define a DynHP training run (everything in `DynHPConfig` plus the data):
/// shared by `dynhp train` and `dynhp reproduce`, and the flags a sweep file sets.
struct DynhpTrainingOptions: ParsableArguments {
    @Option(name: .customLong("dataset"), help: ArgumentHelp("fashion-mnist, mnist, cifar-10, synthetic (classification, 28×28×1 features or 32×32×3 with a convolutional network), or avcc-synthetic (the audio-visual counting set: 3×32×32 frame + 1×32×32 spectrogram → 1×8×8 density map, for --model avcc). Default: cifar-10 when --data holds CIFAR-10 batches, else fashion-mnist.", valueName: "name"))
    var datasetOption: String?
    /// --dataset, or the default `DatasetChoice` resolves from --data (an invalid or
    /// conflicting value is refused by `validate`; here it falls back to the default).
    var dataset: String { ((try? DatasetChoice.resolve(dataset: datasetOption, data: data)) ?? DatasetChoice.defaultKind).rawValue }
    @Option(help: ArgumentHelp("Folder with the dataset's files: MNIST-style IDX files (train-images-idx3-ubyte[.gz] …) or CIFAR-10's binary batches (data_batch_1.bin … test_batch.bin), detected from the files.", valueName: "dir"))
    var data: String?
    @Option(name: .customLong("model"), help: ArgumentHelp("A model file (YAML: inputs, layers, loss) or a shipped model's name (marvdash dynhp models lists them) instead of --arch (empty: none).", valueName: "file"))
    var modelOption: String?
    /// --model, nil when absent or empty (the training template passes it empty).
    var model: String? { modelOption.flatMap { $0.isEmpty ? nil : $0 } }
    @Option(name: .customLong("arch"), help: ArgumentHelp("MLP layer widths, inputs first (784-300-100-10), or an L0 convolutional topology: lenet5, resnet-28-1, wrn-28-10, vgg11, vgg13, vgg16 (input shape from the dataset: 28×28×1, or 32×32×3 for synthetic and cifar-10); your own network: --model. Default (or empty): 784-300-100-10.", valueName: "arch"))
    var archFlag: String?
    /// --arch when given and not empty.
    var archOption: String? { archFlag.flatMap { $0.isEmpty ? nil : $0 } }
    /// The --arch value, or the default MLP when it was not given.
    var arch: String { archOption ?? Self.defaultArch }
    @Option(parsing: .unconditional, help: "lambda of the expected-L0 penalty (per training example).") var lambda: Double = 0.1
    @Option(name: .customLong("weight-decay"), parsing: .unconditional, help: "Weight decay inside the L0 penalty.") var weightDecay: Double = 5e-4
    @Option(parsing: .unconditional, help: "Activation-rate threshold of hard pruning (0…1).") var gamma: Double = 0.5
    @Option(name: .customLong("alpha-bs"), parsing: .unconditional, help: "alpha_bs of dynamic batch sizing (0…1).") var alphaBS: Double = 0.988
    @Option(parsing: .unconditional, help: "Batch size (initial for dynhp).") var batch: Int = 128
    @Option(parsing: .unconditional, help: ArgumentHelp("Memory budget (e.g. 2GiB, 512MiB).", valueName: "size")) var budget: String = "2GiB"
    @Option(parsing: .unconditional, help: "Epochs of training and pruning.") var epochs: Int = DynhpTrainingOptions.defaultEpochs
    @Option(parsing: .unconditional, help: "Seed of every random draw.") var seed: Int = 1
    @Option(help: ArgumentHelp("dynhp, hp or sp.", valueName: "mode")) var mode: String = "dynhp"
    @Option(help: ArgumentHelp("adam or sgd (with momentum).", valueName: "name")) var optimizer: String = "adam"
    @Option(parsing: .unconditional, help: "Learning rate.") var lr: Double = 0.001
    @Option(parsing: .unconditional, help: "Momentum of SGD.") var momentum: Double = 0.9
    @Option(name: .customLong("gate-samples"), help: ArgumentHelp("batch (one gate vector per mini-batch, fast) or example (one per example and gate: less noise, slower).", valueName: "per"))
    var gateSamples: String = "batch"
    @Option(name: .customLong("lr-schedule"), help: ArgumentHelp("constant, or cosine (decays to 0 over --epochs).", valueName: "name"))
    var lrSchedule: String = "constant"
    @Option(name: .customLong("lr-batch-scaling"), help: ArgumentHelp("none, sqrt or linear: the rate times (batch / --batch)^p as dynhp grows the batch (p = 0, ½, 1).", valueName: "rule"))
    var lrBatchScaling: String = "none"
    @Option(name: .customLong("lr-warmup"), parsing: .unconditional, help: ArgumentHelp("Epochs over which --lr-batch-scaling's factor is phased in (0: at once).", valueName: "epochs"))
    var lrWarmup: Int = 0
    @Option(parsing: .unconditional, help: ArgumentHelp("Evaluate and export an exponential moving average of the parameters with this decay, e.g. 0.999 (0: off).", valueName: "decay"))
    var ema: Double = 0
    @Option(parsing: .unconditional, help: ArgumentHelp("Epochs of fine-tuning after --epochs: gates fixed at their test-time values, closed units removed, weights trained on.", valueName: "epochs"))
    var finetune: Int = 0
    @Option(name: .customLong("finetune-lr"), parsing: .unconditional, help: ArgumentHelp("The rate fine-tuning starts from (its --lr-schedule restarts; 0 or absent: --lr).", valueName: "rate"))
    var finetuneLR: Double?
    @Option(name: .customLong("gate-lr"), parsing: .unconditional, help: ArgumentHelp("Learning rate of the gate parameters log_alpha (0: --lr; default --lr, and 0.03 on the synthetic dataset).", valueName: "rate"))
    var gateLR: Double?
    @Option(name: .customLong("layer-lambdas"), help: ArgumentHelp("λ of each gated layer, inputs first, comma-separated (e.g. 0.1,0.3,0.3); overrides --lambda; empty: --lambda everywhere.", valueName: "list"))
    var layerLambdas: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Temperature β of the hard-concrete gates, a number or a fraction.", valueName: "beta"))
    var temperature: String = "2/3"
    @Option(name: .customLong("init-drop-input"), parsing: .unconditional, help: ArgumentHelp("Initial drop rate of the input gates (log_alpha starts at ln((1-p)/p)).", valueName: "p"))
    var initDropInput: Double = 0.2
    @Option(name: .customLong("init-drop-hidden"), parsing: .unconditional, help: ArgumentHelp("Initial drop rate of the hidden units' gates (default 0.5), or of the filters' gates with a convolutional --arch (default 0.2: five gated layers at 0.5 would scale the signal down ~30×).", valueName: "p"))
    var initDropHidden: Double?
    @Option(name: .customLong("synthetic-train"), parsing: .unconditional, help: "Training examples of the synthetic dataset.") var syntheticTrain = 6_000
    @Option(name: .customLong("train-examples"), parsing: .unconditional, help: ArgumentHelp("Train on the first N training examples only (reduced runs; 0: all). Validation and test sets stay whole.", valueName: "n"))
    var trainExamples = 0

    /// `--init-drop-hidden` of convolutional runs when not given.
    static let convolutionalDropRate = 0.2
    /// `--epochs` when not given.
    static let defaultEpochs = 30
    /// `--gate-lr` on the synthetic dataset when not given: its 6,000 examples make an epoch
    /// of only 47 steps, and at --lr the gates would need some 40 epochs to close; at this
    /// rate the demo prunes within its first epochs (Fashion-MNIST keeps --lr).
    static let syntheticGateLR = 0.03

    func validate() throws {
        do {
            _ = try DatasetChoice.resolve(dataset: datasetOption, data: data)
        } catch {
            throw ValidationError("\(error)")
        }
        _ = try widths()
        guard PruningMode(rawValue: mode) != nil else { throw ValidationError("--mode must be dynhp, hp or sp, got '\(mode)'") }
        guard LearningRateSchedule(rawValue: lrSchedule) != nil else { throw ValidationError("--lr-schedule must be constant or cosine, got '\(lrSchedule)'") }
        guard LearningRateBatchScaling(rawValue: lrBatchScaling) != nil else {
            throw ValidationError("--lr-batch-scaling must be none, sqrt or linear, got '\(lrBatchScaling)'")
        }
        guard GateSampling(rawValue: gateSamples) != nil else { throw ValidationError("--gate-samples must be batch or example, got '\(gateSamples)'") }
        guard OptimizerKind(rawValue: optimizer) != nil else { throw ValidationError("--optimizer must be adam or sgd, got '\(optimizer)'") }
        guard lambda >= 0, lambda.isFinite else { throw ValidationError("--lambda must be 0 or more, got \(lambda)") }
        guard weightDecay >= 0 else { throw ValidationError("--weight-decay must be 0 or more, got \(weightDecay)") }
        guard (0...1).contains(gamma) else { throw ValidationError("--gamma must be from 0 to 1, got \(gamma)") }
        guard (0...1).contains(alphaBS) else { throw ValidationError("--alpha-bs must be from 0 to 1, got \(alphaBS)") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1, got \(batch)") }
        guard let bytes = DynhpByteSize.parse(budget), bytes > 0 else {
            throw ValidationError("--budget must be a size like 2GiB, 512MiB or 1000000, got '\(budget)'")
        }
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1, got \(epochs)") }
        guard seed >= 0 else { throw ValidationError("--seed must be 0 or more, got \(seed)") }
        guard lr > 0, lr.isFinite else { throw ValidationError("--lr must be positive, got \(lr)") }
        guard (0..<1).contains(momentum) else { throw ValidationError("--momentum must be in [0, 1), got \(momentum)") }
        guard (0..<1).contains(ema) else { throw ValidationError("--ema must be from 0 (off) to below 1, e.g. 0.999; got \(ema)") }
        for (flag, rate) in [("--gate-lr", gateLR), ("--finetune-lr", finetuneLR)] {
            if let rate, !(rate >= 0 && rate.isFinite) { throw ValidationError("\(flag) must be a positive rate (0: the same as --lr), got \(rate)") }
        }
        guard trainExamples >= 0 else { throw ValidationError("--train-examples must be 0 (all) or more, got \(trainExamples)") }
        guard syntheticTrain >= 10 else { throw ValidationError("--synthetic-train must be at least 10, got \(syntheticTrain)") }
        _ = try lambdas()
        try checkConvolutional()
        guard DynHPConfig.parseTemperature(temperature) != nil else {
            throw ValidationError("--temperature must be a number or a fraction such as 2/3, got '\(temperature)'")
        }
        do {
            try DynHPTrainer.validateLevers(try config())
        } catch let error as DynHPError {
            throw ValidationError(error.message)
        }
    }

    /// The convolutional topology --arch names, nil for an MLP.
    var topology: ConvTopology? { ConvTopology(rawValue: arch) }
    /// Whether the run trains a convolutional network (--arch TOPOLOGY or --model).
    var isConvolutional: Bool { topology != nil || model != nil }
    /// `--arch` when not given.
    static let defaultArch = "784-300-100-10"

    /// The options convolutional runs do not have (yet): each with the reason.
    func checkConvolutional() throws {
        if let model, let archOption { throw ValidationError("--arch \(archOption) and --model \(model): give --arch or --model, not both") }
        if dataset == DatasetKind.avccSynthetic.rawValue && model == nil {
            throw ValidationError("--dataset avcc-synthetic is a regression set (density maps): train it with --model avcc or another model file with loss: mse")
        }
        guard isConvolutional else { return }
        let arch = model.map { "--model " + $0 } ?? "--arch " + self.arch
        if finetune > 0 { throw ValidationError("--finetune is not available with \(arch) (convolutional runs prune only); drop it") }
        if ema > 0 { throw ValidationError("--ema is not available with \(arch); drop it") }
        if gateSamples != GateSampling.batch.rawValue { throw ValidationError("--gate-samples \(gateSamples): convolutional runs draw one gate sample per filter and mini-batch; drop it") }
        if let layerLambdas, !layerLambdas.isEmpty { throw ValidationError("--layer-lambdas is not available with \(arch); use --lambda") }
    }

    func widths() throws -> [Int] {
        if isConvolutional {
            // The input features of the dataset and its outputs: 32×32×3 synthetic (CIFAR-shaped) or CIFAR-10,
            // the audio-visual set's 4,096 features and 64 map values, or 28×28×1 and 10 classes.
            switch DatasetKind(rawValue: dataset) {
            case .synthetic, .cifar10: return [3 * 32 * 32, 10]
            case .avccSynthetic: return [AudioVisualCountingDataset.dimension, AudioVisualCountingDataset.mapShape.count]
            default: return [28 * 28, 10]
            }
        }
        let parts = arch.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count >= 2, parts.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("--arch must be widths joined by '-', inputs first, e.g. 784-300-100-10, or one of \(ConvTopology.allCases.map(\.rawValue).joined(separator: ", ")); got '\(arch)'")
        }
        return parts.compactMap { $0 }
    }

    private func lambdas() throws -> [Double] {
        guard let layerLambdas, !layerLambdas.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
        let values = layerLambdas.split(separator: ",", omittingEmptySubsequences: false)
            .map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
            throw ValidationError("--layer-lambdas must be numbers joined by ',' (one per gated layer, inputs first), e.g. 0.1,0.3,0.3; got '\(layerLambdas)'")
        }
        return values.compactMap { $0 }
    }

    /// The run's configuration.
    func config() throws -> DynHPConfig {
        var config = DynHPConfig(widths: try widths(), mode: PruningMode(rawValue: mode) ?? .dynhp, lambda: lambda,
                    weightDecay: weightDecay, threshold: gamma, alphaBS: alphaBS, batchSize: batch,
                    budgetBytes: DynhpByteSize.parse(budget) ?? 0, epochs: epochs, seed: UInt64(seed),
                    optimizer: OptimizerKind(rawValue: optimizer) ?? .adam, learningRate: lr, momentum: momentum,
                    gateSampling: GateSampling(rawValue: gateSamples) ?? .batch,
                    learningRateSchedule: LearningRateSchedule(rawValue: lrSchedule) ?? .constant,
                    learningRateBatchScaling: LearningRateBatchScaling(rawValue: lrBatchScaling) ?? LearningRateBatchScaling.none,
                    emaDecay: ema, finetuneEpochs: finetune, finetuneLearningRate: finetuneLR.flatMap { $0 > 0 ? $0 : nil },
                    gateLearningRate: gateLR.map { $0 > 0 ? $0 : nil } ?? (dataset == DatasetKind.synthetic.rawValue ? Self.syntheticGateLR : nil),
                    layerLambdas: try lambdas(), temperature: DynHPConfig.parseTemperature(temperature) ?? .nan, inputDropRate: initDropInput,
                    hiddenDropRate: initDropHidden ?? (isConvolutional ? Self.convolutionalDropRate : 0.5), warmupEpochs: lrWarmup)
        config.topology = model == nil ? topology?.rawValue : nil
        config.modelFile = model
        return config
    }

    /// The dataset the run trains on (synthetic: shaped by --arch and --synthetic-train).
    func loadData(for config: DynHPConfig) throws -> DynHPData {
        var loaded = try DynhpDataLoading.load(dataset, directory: data, widths: config.widths, syntheticTrain: syntheticTrain, budget: config.budgetBytes)
        if config.topology == nil && config.modelFile == nil && loaded.train.dimension != config.widths.first {
            throw CommandFailure("--arch \(arch): the MLP reads \(config.widths.first ?? 0) features but \(loaded.name) has \(loaded.train.dimension); make the first width \(loaded.train.dimension)")
        }
        if trainExamples > 0 && trainExamples < loaded.train.count { loaded.train = loaded.train.slice(0..<trainExamples) }
        return loaded
    }
}
