import Foundation

/// How units are pruned during training (the seed's Table 4 rows).
public enum PruningMode: String, Sendable, CaseIterable {
    /// Hard pruning at every epoch end plus dynamic batch sizing.
    case dynhp
    /// Hard pruning at every epoch end, fixed batch size.
    case hp
    /// Soft pruning: gates trained, nothing removed until the end (test-time gates then).
    case sp
}

/// The optimiser of a run.
public enum OptimizerKind: String, Sendable, CaseIterable {
    case adam
    case sgd
}

/// How many hard-concrete gate samples a training step draws (dynhp.md: "one z vector per
/// mini-batch … or one per example applied to activations").
public enum GateSampling: String, Sendable, CaseIterable {
    /// One gate vector per mini-batch, shared by its examples: the default, cheap (a few
    /// hundred samples a step), and the rate DESIGN.md's trainer budget is measured at.
    case batch
    /// One sample per example and gate (local reparameterisation): lower gradient noise,
    /// but ~150,000 log/exp evaluations a step for 784-300-100-10 at batch 128.
    case example
}

/// How the learning rate changes over the epochs.
public enum LearningRateSchedule: String, Sendable, CaseIterable {
    /// The same rate every epoch.
    case constant
    /// lr · ½(1 + cos(π·e/E)) in epoch e (0-based) of E: full rate first, near zero last.
    case cosine
}

/// How the learning rate follows the batch size when dynamic batch sizing grows it: the
/// rate of a step with batch b is lr · (b / b₀)^p, b₀ the initial batch. Larger batches
/// mean fewer steps per epoch; scaling the rate keeps an epoch's progress — and the L0
/// penalty's pull on the gates — from shrinking with them (Adam: square root; SGD: linear).
public enum LearningRateBatchScaling: String, Sendable, CaseIterable {
    /// p = 0: the rate ignores the batch size (the seed's rule as written).
    case none
    /// p = ½, the square-root rule for adaptive optimisers.
    case sqrt
    /// p = 1, the linear rule for SGD.
    case linear

    /// (batch / initial)^p.
    public func factor(batch: Int, initial: Int) -> Double {
        let ratio = Double(max(1, batch)) / Double(max(1, initial))
        switch self {
        case .none: return 1
        case .sqrt: return ratio.squareRoot()
        case .linear: return ratio
        }
    }
}

/// Everything that defines a DynHP training run (with the data and the seed, it fixes the result).
public struct DynHPConfig: Sendable, Equatable {
    /// Layer widths, inputs first, e.g. [784, 300, 100, 10].
    public var widths: [Int]
    public var mode: PruningMode
    /// lambda of the expected-L0 penalty (divided by the training-set size).
    public var lambda: Double
    public var weightDecay: Double
    /// Activation-rate threshold gamma of hard pruning.
    public var threshold: Double
    /// alpha_bs of dynamic batch sizing.
    public var alphaBS: Double
    /// Initial (for dynhp) or fixed batch size.
    public var batchSize: Int
    /// Memory budget C in bytes.
    public var budgetBytes: Int
    public var epochs: Int
    public var seed: UInt64
    public var optimizer: OptimizerKind
    public var learningRate: Double
    /// Momentum of SGD.
    public var momentum: Double
    public var gateSampling: GateSampling
    public var learningRateSchedule: LearningRateSchedule
    public var learningRateBatchScaling: LearningRateBatchScaling
    /// Decay of the parameter average that is evaluated and exported (0: none, the raw parameters).
    public var emaDecay: Double
    /// Epochs of fine-tuning after the `epochs` of pruning: the gates are fixed at their
    /// test-time values (units whose gate is closed are removed first), only weights and
    /// biases train; nothing is pruned, nothing comes back.
    public var finetuneEpochs: Int
    /// The rate the fine-tuning epochs start from (their schedule restarts); nil: `learningRate`.
    public var finetuneLearningRate: Double?
    /// The learning rate of the gate parameters log_alpha; nil: `learningRate`. It follows
    /// the same schedule, batch scaling and warm-up.
    public var gateLearningRate: Double?
    /// λ of each gated layer (inputs first); empty: `lambda` for every layer.
    public var layerLambdas: [Double]
    /// The hard-concrete temperature β (Louizos et al.: 2/3).
    public var temperature: Double
    /// Initial drop rate p of the input gates and of the hidden units' gates:
    /// log_alpha starts at ln((1 − p) / p).
    public var inputDropRate: Double
    public var hiddenDropRate: Double
    /// Epochs over which the batch scaling's factor is phased in (0: at once): the step's
    /// rate is lr · (1 + (f − 1)·min(1, t / warm-up)), t the epochs trained so far.
    public var warmupEpochs: Int
    /// A named convolutional topology (`ConvTopology`, e.g. resnet-28-1) instead of an MLP of
    /// `widths`; nil: the MLP.
    public var topology: String? = nil
    /// The model file (`--model`: a path or a shipped name) the network came from; `topology`
    /// then holds the model's name. nil: `--arch`.
    public var modelFile: String? = nil

    public init(widths: [Int] = [784, 300, 100, 10], mode: PruningMode = .dynhp, lambda: Double = 0.1,
                weightDecay: Double = 5e-4, threshold: Double = 0.5, alphaBS: Double = 0.988, batchSize: Int = 128,
                budgetBytes: Int = 2 << 30, epochs: Int = 30, seed: UInt64 = 1, optimizer: OptimizerKind = .adam,
                learningRate: Double = 0.001, momentum: Double = 0.9, gateSampling: GateSampling = .batch,
                learningRateSchedule: LearningRateSchedule = .constant,
                learningRateBatchScaling: LearningRateBatchScaling = .none, emaDecay: Double = 0,
                finetuneEpochs: Int = 0, finetuneLearningRate: Double? = nil, gateLearningRate: Double? = nil,
                layerLambdas: [Double] = [], temperature: Double = DynHPConfig.defaultTemperature,
                inputDropRate: Double = 0.2, hiddenDropRate: Double = 0.5, warmupEpochs: Int = 0) {
        self.widths = widths
        self.mode = mode
        self.lambda = lambda
        self.weightDecay = weightDecay
        self.threshold = threshold
        self.alphaBS = alphaBS
        self.batchSize = batchSize
        self.budgetBytes = budgetBytes
        self.epochs = epochs
        self.seed = seed
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.momentum = momentum
        self.gateSampling = gateSampling
        self.learningRateSchedule = learningRateSchedule
        self.learningRateBatchScaling = learningRateBatchScaling
        self.emaDecay = emaDecay
        self.finetuneEpochs = finetuneEpochs
        self.finetuneLearningRate = finetuneLearningRate
        self.gateLearningRate = gateLearningRate
        self.layerLambdas = layerLambdas
        self.temperature = temperature
        self.inputDropRate = inputDropRate
        self.hiddenDropRate = hiddenDropRate
        self.warmupEpochs = warmupEpochs
    }

    /// Louizos et al.'s temperature, 2/3.
    public static let defaultTemperature = 2.0 / 3.0

    /// A temperature written as a number ("0.5") or a fraction ("2/3"); nil if neither.
    public static func parseTemperature(_ text: String) -> Double? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            .map { Double($0.trimmingCharacters(in: .whitespaces)) }
        switch parts.count {
        case 1: return parts[0]
        case 2:
            guard let n = parts[0], let d = parts[1], d != 0 else { return nil }
            return n / d
        default: return nil
        }
    }

    /// Pruning epochs plus fine-tuning epochs.
    public var totalEpochs: Int { epochs + finetuneEpochs }

    /// Whether epoch `epoch` (0-based) fine-tunes (gates fixed) rather than prunes.
    public func isFinetuning(epoch: Int) -> Bool { finetuneEpochs > 0 && epoch >= epochs }

    /// λ of gated layer `layer` (`layerLambdas`, else `lambda`).
    public func lambda(ofLayer layer: Int) -> Double {
        layerLambdas.indices.contains(layer) ? layerLambdas[layer] : lambda
    }

    /// The learning rate of epoch `epoch` (0-based) under the schedule. Fine-tuning epochs
    /// restart the schedule from `finetuneLearningRate` over `finetuneEpochs`.
    public func learningRate(atEpoch epoch: Int) -> Double {
        let base = isFinetuning(epoch: epoch) ? finetuneLearningRate ?? learningRate : learningRate
        return base * scheduleFactor(atEpoch: epoch)
    }

    /// The schedule's multiplier of the base rate in epoch `epoch` (1 for constant).
    public func scheduleFactor(atEpoch epoch: Int) -> Double {
        let (e, of) = isFinetuning(epoch: epoch) ? (epoch - epochs, finetuneEpochs) : (epoch, epochs)
        switch learningRateSchedule {
        case .constant: return 1
        case .cosine:
            let progress = Double(min(max(0, e), of)) / Double(max(1, of))
            return 0.5 * (1 + cos(Double.pi * progress))
        }
    }

    /// The learning rate of a step with `batch` examples in epoch `epoch`, `epochProgress`
    /// (0..<1) of the way through it: schedule × batch scaling, the scaling phased in over
    /// `warmupEpochs`.
    public func learningRate(atEpoch epoch: Int, batch: Int, epochProgress: Double = 0) -> Double {
        learningRate(atEpoch: epoch) * stepFactor(batch: batch, afterEpochs: Double(epoch) + epochProgress)
    }

    /// The gates' rate for the same step: `gateLearningRate` (else the base rate) under the
    /// same schedule, scaling and warm-up.
    public func gateLearningRate(atEpoch epoch: Int, batch: Int, epochProgress: Double = 0) -> Double {
        (gateLearningRate ?? learningRate) * scheduleFactor(atEpoch: epoch)
            * stepFactor(batch: batch, afterEpochs: Double(epoch) + epochProgress)
    }

    /// The batch scaling's factor for `batch`, warmed up after `t` epochs of training.
    func stepFactor(batch: Int, afterEpochs t: Double) -> Double {
        warmedUp(learningRateBatchScaling.factor(batch: batch, initial: batchSize), afterEpochs: t)
    }

    /// 1 + (factor − 1)·min(1, t / warm-up): the batch scaling `factor` reached gradually.
    public func warmedUp(_ factor: Double, afterEpochs t: Double) -> Double {
        guard warmupEpochs > 0 else { return factor }
        return 1 + (factor - 1) * min(1, max(0, t) / Double(warmupEpochs))
    }

    /// The memory model of a network of `widths` under this configuration's optimiser.
    public func memoryModel(widths: [Int]) -> MemoryModel {
        MemoryModel(widths: widths, optimizerMoments: optimizer == .adam ? 2 : 1)
    }

    /// The configuration as a JSON object (the `run.start` line and checkpoints).
    public var json: JSONObject {
        [
            "model": .string(modelName),
            "topology": topology.map { .string($0) } ?? .null,
            "model_file": modelFile.map { .string($0) } ?? .null,
            "arch": .array(widths.map { .int($0) }),
            "mode": .string(mode.rawValue),
            "lambda": .double(lambda),
            "weight_decay": .double(weightDecay),
            "gamma": .double(threshold),
            "alpha_bs": .double(alphaBS),
            "batch_size": .int(batchSize),
            "budget": .int(budgetBytes),
            "epochs": .int(epochs),
            "seed": .string(String(seed)),
            "optimizer": .string(optimizer.rawValue),
            "lr": .double(learningRate),
            "momentum": .double(momentum),
            "gate_sampling": .string(gateSampling.rawValue),
            "lr_schedule": .string(learningRateSchedule.rawValue),
            "lr_batch_scaling": .string(learningRateBatchScaling.rawValue),
            "ema_decay": .double(emaDecay),
            "finetune_epochs": .int(finetuneEpochs),
            "finetune_lr": finetuneLearningRate.map { .double($0) } ?? .null,
            "gate_lr": gateLearningRate.map { .double($0) } ?? .null,
            "layer_lambdas": .array(layerLambdas.map { .double($0) }),
            "temperature": .double(temperature),
            "init_drop_input": .double(inputDropRate),
            "init_drop_hidden": .double(hiddenDropRate),
            "lr_warmup_epochs": .int(warmupEpochs),
        ]
    }

    /// Reads `json` back (nil if a field is missing or malformed).
    public init?(json: JSONObject) {
        guard let arch = json["arch"]?.arrayValue?.compactMap(\.intValue),
              let mode = json["mode"]?.stringValue.flatMap(PruningMode.init(rawValue:)),
              let lambda = json["lambda"]?.doubleValue, let wd = json["weight_decay"]?.doubleValue,
              let gamma = json["gamma"]?.doubleValue, let alpha = json["alpha_bs"]?.doubleValue,
              let batch = json["batch_size"]?.intValue, let budget = json["budget"]?.intValue,
              let epochs = json["epochs"]?.intValue, let seed = json["seed"]?.stringValue.flatMap({ UInt64($0) }),
              let optimizer = json["optimizer"]?.stringValue.flatMap(OptimizerKind.init(rawValue:)),
              let lr = json["lr"]?.doubleValue, let momentum = json["momentum"]?.doubleValue
        else { return nil }
        // Checkpoints written before the option existed sampled per example.
        let sampling = json["gate_sampling"]?.stringValue.flatMap(GateSampling.init(rawValue:)) ?? .example
        let schedule = json["lr_schedule"]?.stringValue.flatMap(LearningRateSchedule.init(rawValue:)) ?? .constant
        let scaling = json["lr_batch_scaling"]?.stringValue.flatMap(LearningRateBatchScaling.init(rawValue:)) ?? LearningRateBatchScaling.none
        self.init(widths: arch, mode: mode, lambda: lambda, weightDecay: wd, threshold: gamma,
                  alphaBS: alpha, batchSize: batch, budgetBytes: budget, epochs: epochs, seed: seed,
                  optimizer: optimizer, learningRate: lr, momentum: momentum, gateSampling: sampling,
                  learningRateSchedule: schedule, learningRateBatchScaling: scaling,
                  emaDecay: json["ema_decay"]?.doubleValue ?? 0)
        // Options added later: absent in older checkpoints, which ran with their defaults.
        finetuneEpochs = json["finetune_epochs"]?.intValue ?? 0
        finetuneLearningRate = json["finetune_lr"]?.doubleValue
        gateLearningRate = json["gate_lr"]?.doubleValue
        layerLambdas = json["layer_lambdas"]?.arrayValue?.compactMap(\.doubleValue) ?? []
        temperature = json["temperature"]?.doubleValue ?? Self.defaultTemperature
        inputDropRate = json["init_drop_input"]?.doubleValue ?? 0.2
        hiddenDropRate = json["init_drop_hidden"]?.doubleValue ?? 0.5
        warmupEpochs = json["lr_warmup_epochs"]?.intValue ?? 0
        topology = json["topology"]?.stringValue
        modelFile = json["model_file"]?.stringValue
    }

    /// The model's name in metrics: the topology, or `mlp-` and the widths.
    public var modelName: String { topology ?? "mlp-" + widths.map(String.init).joined(separator: "-") }

    /// Every option that is not at its default, as `marvdash dynhp train` flags (for messages).
    public var flags: [String] {
        var f = [modelFile == nil ? "--arch" : "--model", modelFile ?? topology ?? widths.map(String.init).joined(separator: "-"), "--mode", mode.rawValue,
                 "--lambda", Self.text(lambda), "--gamma", Self.text(threshold), "--alpha-bs", Self.text(alphaBS),
                 "--batch", String(batchSize), "--budget", Self.sizeText(budgetBytes), "--epochs", String(epochs),
                 "--seed", String(seed), "--optimizer", optimizer.rawValue, "--lr", Self.text(learningRate),
                 "--lr-schedule", learningRateSchedule.rawValue, "--lr-batch-scaling", learningRateBatchScaling.rawValue,
                 "--gate-samples", gateSampling.rawValue]
        if weightDecay != 5e-4 { f += ["--weight-decay", Self.text(weightDecay)] }
        if optimizer == .sgd { f += ["--momentum", Self.text(momentum)] }
        if emaDecay > 0 { f += ["--ema", Self.text(emaDecay)] }
        if finetuneEpochs > 0 { f += ["--finetune", String(finetuneEpochs)] }
        if let r = finetuneLearningRate { f += ["--finetune-lr", Self.text(r)] }
        if let r = gateLearningRate { f += ["--gate-lr", Self.text(r)] }
        if !layerLambdas.isEmpty { f += ["--layer-lambdas", layerLambdas.map(Self.text).joined(separator: ",")] }
        if temperature != Self.defaultTemperature { f += ["--temperature", Self.text(temperature)] }
        if inputDropRate != 0.2 { f += ["--init-drop-input", Self.text(inputDropRate)] }
        if hiddenDropRate != 0.5 { f += ["--init-drop-hidden", Self.text(hiddenDropRate)] }
        if warmupEpochs > 0 { f += ["--lr-warmup", String(warmupEpochs)] }
        return f
    }

    /// 2147483648 → "2GiB", 536870912 → "512MiB", other sizes in bytes.
    private static func sizeText(_ bytes: Int) -> String {
        if bytes > 0 && bytes % (1 << 30) == 0 { return "\(bytes >> 30)GiB" }
        if bytes > 0 && bytes % (1 << 20) == 0 { return "\(bytes >> 20)MiB" }
        return String(bytes)
    }

    private static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
