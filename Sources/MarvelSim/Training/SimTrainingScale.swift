import MarvelCore

/// How much smaller than asked the embedded cluster trains, so a demo is live and cheap:
/// the synthetic dataset stands in for any `--dataset`, the inputs and hidden widths of
/// `--arch` are divided, the sets are small, and at most `maxConcurrent` trainers run at
/// once (one BLAS thread each). `minimumEpochSeconds` paces fast epochs so curves move
/// at a watchable speed.
public struct SimTrainingScale: Sendable, Equatable {
    public var inputDivisor: Int
    public var hiddenDivisor: Int
    public var trainExamples: Int
    public var validationExamples: Int
    public var testExamples: Int
    /// An epoch that ends sooner waits for the rest of this time before the next one.
    public var minimumEpochSeconds: Double
    public var maxConcurrent: Int
    /// Adam's learning rate: ten times the CLI's default, because a reduced run takes about
    /// ten times fewer steps and the gates would not have the time to close (nothing would
    /// be pruned and the model-size curve would stay flat).
    public var learningRate: Double

    public init(inputDivisor: Int, hiddenDivisor: Int, trainExamples: Int, validationExamples: Int,
                testExamples: Int, minimumEpochSeconds: Double, maxConcurrent: Int = 2, learningRate: Double = 0.01) {
        self.inputDivisor = max(1, inputDivisor)
        self.hiddenDivisor = max(1, hiddenDivisor)
        self.trainExamples = max(1, trainExamples)
        self.validationExamples = max(1, validationExamples)
        self.testExamples = max(1, testExamples)
        self.minimumEpochSeconds = max(0, minimumEpochSeconds)
        self.maxConcurrent = max(1, maxConcurrent)
        self.learningRate = learningRate
    }

    /// The console's demo: 784-300-100-10 becomes 196-75-25-10 on 6,000 examples, an epoch a second or so.
    public static let demo = SimTrainingScale(
        inputDivisor: 4, hiddenDivisor: 4, trainExamples: 6_000, validationExamples: 1_000, testExamples: 1_000,
        minimumEpochSeconds: 1)

    /// Tests: 784-300-100-10 becomes 49-30-10-10 on 600 examples, epochs as fast as they go.
    public static let tiny = SimTrainingScale(
        inputDivisor: 16, hiddenDivisor: 10, trainExamples: 600, validationExamples: 200, testExamples: 200,
        minimumEpochSeconds: 0)

    /// The name the reduced runs give their data (shown as the run's dataset).
    public static let datasetName = "synthetic (embedded cluster)"

    /// The reduced layer widths of `widths`: inputs and hidden layers divided (never below
    /// 8 and 4), the number of classes kept.
    public func widths(_ widths: [Int]) -> [Int] {
        guard let inputs = widths.first, let classes = widths.last, widths.count >= 2 else { return widths }
        let hidden = widths.dropFirst().dropLast().map { max(4, $0 / hiddenDivisor) }
        return [max(8, inputs / inputDivisor)] + hidden + [classes]
    }

    /// The trainer configuration for `command` at this scale (the batch is capped by the
    /// training set). Learning rates are the command's times `learningRate / 0.001` (the
    /// CLI's default `--lr`): a reduced run takes fewer steps and moves as far per epoch.
    public func config(_ command: SimTrainingCommand) -> DynHPConfig {
        let rateScale = learningRate / SimTrainingCommand().lr
        return DynHPConfig(
            widths: widths(command.widths), mode: command.mode, lambda: command.lambda, threshold: command.gamma,
            alphaBS: command.alphaBS, batchSize: min(command.batch, trainExamples), budgetBytes: command.budgetBytes,
            epochs: command.epochs, seed: command.seed, learningRate: command.lr * rateScale,
            gateSampling: command.gateSamples, learningRateSchedule: command.lrSchedule,
            learningRateBatchScaling: command.lrBatchScaling, emaDecay: command.ema, finetuneEpochs: command.finetune,
            finetuneLearningRate: command.finetuneLR.map { $0 * rateScale },
            gateLearningRate: command.gateLR.map { $0 * rateScale }, layerLambdas: command.layerLambdas,
            temperature: command.temperature, inputDropRate: command.initDropInput, hiddenDropRate: command.initDropHidden ?? 0.5,
            warmupEpochs: command.lrWarmup)
    }

    /// The configuration of a `--model` run: `config`'s levers with the data's features and
    /// outputs as widths, the model's name as topology, filters' gates starting at a 0.2 drop
    /// rate unless the command says otherwise (as `dynhp train` does for convolutional runs).
    public func config(_ command: SimTrainingCommand, model: String, name: String, data: DynHPData) -> DynHPConfig {
        var config = self.config(command)
        config.widths = [data.train.dimension, data.train.isRegression ? data.train.targetDimension : data.train.classes]
        config.topology = name
        config.modelFile = model
        config.hiddenDropRate = command.initDropHidden ?? 0.2
        return config
    }

    /// The shape of a model's inputs that declare none: Fashion-MNIST's 28×28×1 images.
    public static let imageShape = TensorShape(channels: 1, height: 28, width: 28)

    /// The largest model (weights, biases, BN, gates) the embedded cluster trains in-process:
    /// resnet-28-1 (369,402) fits; the VGGs and wrn-28-10 (millions) would run for hours.
    public static let maximumModelParameters = 2_000_000

    /// The data of a `--model` run at this scale: the audio-visual counting set for a mean
    /// squared error model, else the synthetic classification set with the model's input
    /// features (inputs without a shape take 28×28×1, Fashion-MNIST's images) and 10 classes.
    public func dataset(for definition: ModelDefinition, seed: UInt64) -> DynHPData {
        if definition.loss == .meanSquaredError {
            return AudioVisualCountingDataset(trainCount: trainExamples, validationCount: validationExamples, testCount: testExamples)
                .generate()
        }
        let features = definition.inputs.reduce(0) { $0 + ($1.shape ?? Self.imageShape).count }
        return SyntheticDataset(dimension: features, informative: max(10, features / 4), classes: 10, trainCount: trainExamples,
                                validationCount: validationExamples, testCount: testExamples, seed: seed &+ 7).generate()
    }

    /// The synthetic data shaped for `config`: its inputs and classes, this scale's set sizes.
    public func dataset(for config: DynHPConfig) -> SyntheticDataset {
        let inputs = config.widths.first ?? 8
        let classes = config.widths.last ?? 2
        return SyntheticDataset(
            dimension: inputs, informative: max(classes, inputs / 4), classes: classes, trainCount: trainExamples,
            validationCount: validationExamples, testCount: testExamples, seed: config.seed &+ 7)
    }
}
