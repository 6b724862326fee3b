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

    public init(widths: [Int] = [784, 300, 100, 10], mode: PruningMode = .dynhp, lambda: Double = 0.1,
                weightDecay: Double = 5e-4, threshold: Double = 0.5, alphaBS: Double = 0.988, batchSize: Int = 128,
                budgetBytes: Int = 2 << 30, epochs: Int = 30, seed: UInt64 = 1, optimizer: OptimizerKind = .adam,
                learningRate: Double = 0.001, momentum: Double = 0.9, gateSampling: GateSampling = .batch,
                learningRateSchedule: LearningRateSchedule = .constant,
                learningRateBatchScaling: LearningRateBatchScaling = .none, emaDecay: Double = 0) {
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
    }

    /// The learning rate of epoch `epoch` (0-based) under the schedule.
    public func learningRate(atEpoch epoch: Int) -> Double {
        switch learningRateSchedule {
        case .constant: return learningRate
        case .cosine:
            let progress = Double(min(max(0, epoch), epochs)) / Double(max(1, epochs))
            return learningRate * 0.5 * (1 + cos(Double.pi * progress))
        }
    }

    /// The learning rate of a step with `batch` examples in epoch `epoch` (schedule × batch scaling).
    public func learningRate(atEpoch epoch: Int, batch: Int) -> Double {
        learningRate(atEpoch: epoch) * learningRateBatchScaling.factor(batch: batch, initial: batchSize)
    }

    /// The memory model of a network of `widths` under this configuration's optimiser.
    public func memoryModel(widths: [Int]) -> MemoryModel {
        MemoryModel(widths: widths, optimizerMoments: optimizer == .adam ? 2 : 1)
    }

    /// The configuration as a JSON object (the `run.start` line and checkpoints).
    public var json: JSONObject {
        [
            "model": .string("mlp-" + widths.map(String.init).joined(separator: "-")),
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
    }
}
