import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash dynhp train`: trains a gated MLP with DynHP, HP or SP and prints one metrics line
/// (DESIGN.md "Training metrics") per event on stdout.
struct DynhpTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an MLP with Dynamic Hard Pruning; metrics as JSON lines on stdout.",
        discussion: """
            Modes: dynhp (hard pruning + dynamic batch), hp (hard pruning, fixed batch), sp (soft pruning: \
            nothing removed until the end). With --out DIR a checkpoint is written every epoch and on \
            SIGINT/SIGTERM (DIR/checkpoint), and the final compact model to DIR/model; --resume continues \
            bit-for-bit. Example: marvdash dynhp train --dataset fashion-mnist --epochs 30 --out runs/a
            """)

    @Option(help: ArgumentHelp("fashion-mnist, mnist or synthetic.", valueName: "name"))
    var dataset: String = "fashion-mnist"
    @Option(help: ArgumentHelp("Folder with the IDX files (train-images-idx3-ubyte.gz …).", valueName: "dir"))
    var data: String?
    @Option(help: ArgumentHelp("Layer widths, inputs first.", valueName: "widths"))
    var arch: String = "784-300-100-10"
    @Option(parsing: .unconditional, help: "lambda of the expected-L0 penalty (per training example).") var lambda: Double = 0.1
    @Option(name: .customLong("weight-decay"), parsing: .unconditional, help: "Weight decay inside the L0 penalty.") var weightDecay: Double = 5e-4
    @Option(parsing: .unconditional, help: "Activation-rate threshold of hard pruning (0…1).") var gamma: Double = 0.5
    @Option(name: .customLong("alpha-bs"), parsing: .unconditional, help: "alpha_bs of dynamic batch sizing (0…1).") var alphaBS: Double = 0.988
    @Option(parsing: .unconditional, help: "Batch size (initial for dynhp).") var batch: Int = 128
    @Option(parsing: .unconditional, help: ArgumentHelp("Memory budget (e.g. 2GiB, 512MiB).", valueName: "size")) var budget: String = "2GiB"
    @Option(parsing: .unconditional, help: "Epochs.") var epochs: Int = 30
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
    @Option(parsing: .unconditional, help: ArgumentHelp("Evaluate and export an exponential moving average of the parameters with this decay, e.g. 0.999 (0: off).", valueName: "decay"))
    var ema: Double = 0
    @Option(parsing: .unconditional, help: "OpenBLAS threads.") var threads: Int = 2
    @Option(help: ArgumentHelp("Folder for checkpoints and the final model.", valueName: "dir")) var out: String?
    @Flag(help: "Continue the run checkpointed in --out.") var resume = false
    @Option(name: .customLong("run-id"), help: "Run id in the metrics lines (default: generated).") var runID: String?
    @Option(name: .customLong("synthetic-train"), parsing: .unconditional, help: "Training examples of the synthetic dataset.") var syntheticTrain = 6_000

    func validate() throws {
        guard DatasetKind(rawValue: dataset) != nil else {
            throw ValidationError("--dataset must be one of \(DatasetKind.allCases.map(\.rawValue).joined(separator: ", ")), got '\(dataset)'")
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
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be from 1 to 64, got \(threads)") }
        guard !resume || out != nil else { throw ValidationError("--resume needs --out DIR (the folder of the checkpoint)") }
        guard syntheticTrain >= 10 else { throw ValidationError("--synthetic-train must be at least 10, got \(syntheticTrain)") }
    }

    private func widths() throws -> [Int] {
        let parts = arch.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count >= 2, parts.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("--arch must be widths joined by '-', inputs first, e.g. 784-300-100-10; got '\(arch)'")
        }
        return parts.compactMap { $0 }
    }

    private func config() throws -> DynHPConfig {
        DynHPConfig(widths: try widths(), mode: PruningMode(rawValue: mode) ?? .dynhp, lambda: lambda,
                    weightDecay: weightDecay, threshold: gamma, alphaBS: alphaBS, batchSize: batch,
                    budgetBytes: DynhpByteSize.parse(budget) ?? 0, epochs: epochs, seed: UInt64(seed),
                    optimizer: OptimizerKind(rawValue: optimizer) ?? .adam, learningRate: lr, momentum: momentum,
                    gateSampling: GateSampling(rawValue: gateSamples) ?? .batch,
                    learningRateSchedule: LearningRateSchedule(rawValue: lrSchedule) ?? .constant,
                    learningRateBatchScaling: LearningRateBatchScaling(rawValue: lrBatchScaling) ?? LearningRateBatchScaling.none,
                    emaDecay: ema)
    }

    func run() throws {
        let code = try reportingFailures { () throws -> Int32 in
            let stop = DynhpStopRequest()
            defer { stop.release() }
            BLASThreads.set(threads)
            let wanted = try config()
            let kind = DatasetKind(rawValue: dataset) ?? .synthetic
            var synthetic = SyntheticDataset(dimension: wanted.widths[0], classes: wanted.widths[wanted.widths.count - 1],
                                             trainCount: syntheticTrain)
            synthetic.validationCount = max(10, syntheticTrain / 6)
            synthetic.testCount = max(10, syntheticTrain / 6)
            let loaded = try DatasetLoader(synthetic: synthetic).load(kind, directory: data)
            let store = out.map { CheckpointStore(outputDirectory: $0) }
            let trainer = try makeTrainer(wanted, loaded, store)
            return try DynhpRunLoop(trainer: trainer, store: store, modelDirectory: out.map { ($0 as NSString).appendingPathComponent("model") },
                                    stop: stop, resumed: resume).run()
        }
        if code != 0 { throw ExitCode(code) }
    }

    private func makeTrainer(_ wanted: DynHPConfig, _ data: DynHPData, _ store: CheckpointStore?) throws -> DynHPTrainer {
        if resume, let store {
            var state = try store.load()
            var saved = state.config
            saved.epochs = wanted.epochs
            guard saved == wanted else {
                throw CommandFailure("--resume: the checkpoint in \(store.directory) was made with different settings (\(Self.describe(state.config))); pass the same flags (only --epochs may change)")
            }
            state.config.epochs = wanted.epochs
            return try DynHPTrainer(state: state, data: data)
        }
        if let store, store.exists {
            throw CommandFailure("--out \(out ?? ""): already holds a checkpoint; pass --resume to continue it, or choose another --out")
        }
        let id = runID ?? Self.generatedRunID(mode: wanted.mode, seed: wanted.seed)
        return try DynHPTrainer(config: wanted, data: data, runID: id)
    }

    static func describe(_ c: DynHPConfig) -> String {
        "--arch \(c.widths.map(String.init).joined(separator: "-")) --mode \(c.mode.rawValue) --lambda \(c.lambda) --gamma \(c.threshold) --alpha-bs \(c.alphaBS) --batch \(c.batchSize) --budget \(c.budgetBytes) --seed \(c.seed) --optimizer \(c.optimizer.rawValue) --lr \(c.learningRate) --lr-schedule \(c.learningRateSchedule.rawValue) --lr-batch-scaling \(c.learningRateBatchScaling.rawValue) --gate-samples \(c.gateSampling.rawValue) --ema \(c.emaDecay)"
    }

    static func generatedRunID(mode: PruningMode, seed: UInt64) -> String {
        var t = time(nil)
        var parts = tm()
        gmtime_r(&t, &parts)
        let stamp = String(format: "%04d%02d%02dT%02d%02d%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                           parts.tm_hour, parts.tm_min, parts.tm_sec)
        return "dynhp-\(mode.rawValue)-\(stamp)-s\(seed)"
    }
}
