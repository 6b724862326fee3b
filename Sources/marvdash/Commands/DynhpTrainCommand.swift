import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash dynhp train`: trains a gated MLP with DynHP, HP or SP and prints one metrics line
/// (DESIGN.md "Training metrics") per event on stdout.
struct DynhpTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an MLP or an L0 convolutional network with Dynamic Hard Pruning; metrics as JSON lines on stdout.",
        discussion: """
            Modes: dynhp (hard pruning + dynamic batch), hp (hard pruning, fixed batch), sp (soft pruning: \
            nothing removed until the end). With --out DIR a checkpoint is written every epoch and on \
            SIGINT/SIGTERM (DIR/checkpoint), and the final compact model to DIR/model; --resume continues \
            bit-for-bit. --arch names an MLP or a topology; --model FILE|NAME trains a model file (YAML; \
            marvdash dynhp models lists the shipped ones). Example: marvdash dynhp train --dataset fashion-mnist \
            --epochs 30 --out runs/a; marvdash dynhp train --model avcc --dataset avcc-synthetic --epochs 3
            """)

    @OptionGroup var training: DynhpTrainingOptions
    @Option(parsing: .unconditional, help: "OpenBLAS threads.") var threads: Int = 2
    @Option(help: ArgumentHelp("Folder for checkpoints and the final model.", valueName: "dir")) var out: String?
    @Flag(help: "Continue the run checkpointed in --out.") var resume = false
    @Option(name: .customLong("run-id"), help: "Run id in the metrics lines (default: generated).") var runID: String?
    @Option(help: ArgumentHelp("The sweep this run belongs to (recorded in run.start; the Training pane groups a sweep's runs).", valueName: "name"))
    var sweep: String?

    func validate() throws {
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be from 1 to 64, got \(threads)") }
        guard !resume || out != nil else { throw ValidationError("--resume needs --out DIR (the folder of the checkpoint)") }
    }

    func run() throws {
        let code = try reportingFailures { () throws -> Int32 in
            let stop = DynhpStopRequest()
            defer { stop.release() }
            BLASThreads.set(threads)
            var wanted = try training.config()
            var definition: ModelDefinition?
            if let model = wanted.modelFile {
                if resume, let out {
                    // The checkpoint holds the network: the YAML is not read again.
                    wanted.topology = try Self.checkpointedModel(ConvCheckpointStore(outputDirectory: out), model: model)
                } else {
                    let parsed = try ModelFile.load(path: try ModelCatalog().resolve(model))
                    wanted.topology = parsed.name
                    definition = parsed
                }
            }
            if wanted.topology != nil { return try runConvolutional(wanted, definition, stop) }
            try DynHPTrainer.checkBudget(wanted)
            let loaded = try training.loadData(for: wanted)
            let store = out.map { CheckpointStore(outputDirectory: $0) }
            let trainer = try makeTrainer(wanted, loaded, store)
            return try DynhpRunLoop(trainer: trainer, checkpoints: store.map { .init($0) }, modelDirectory: out.map { ($0 as NSString).appendingPathComponent("model") },
                                    stop: stop, resumed: resume,
                                    startFields: sweep.flatMap { $0.isEmpty ? nil : ["sweep": .string($0)] } ?? [:]).run()
        }
        if code != 0 { throw ExitCode(code) }
    }

    /// A convolutional --arch or --model: `ConvTrainer`, its checkpoints and model folder.
    private func runConvolutional(_ wanted: DynHPConfig, _ definition: ModelDefinition?, _ stop: DynhpStopRequest) throws -> Int32 {
        let loaded = try training.loadData(for: wanted)
        let store = out.map { ConvCheckpointStore(outputDirectory: $0) }
        let trainer: ConvTrainer
        if resume, let store {
            var state = try store.load()
            var saved = state.config
            saved.epochs = wanted.epochs
            guard saved == wanted else {
                throw CommandFailure("--resume: the checkpoint in \(store.directory) was made with different settings (\(state.config.flags.joined(separator: " "))); pass the same flags (only --epochs may change)")
            }
            state.config.epochs = wanted.epochs
            trainer = try ConvTrainer(state: state, data: loaded)
        } else {
            if let out, CheckpointStore(outputDirectory: out).exists || store?.exists == true {
                throw CommandFailure("--out \(out): already holds a checkpoint; pass --resume to continue it, or choose another --out")
            }
            let id = runID ?? Self.generatedRunID(mode: wanted.mode, seed: wanted.seed)
            if let definition {
                let network = try definition.build(imageShape: ConvTopology.inputShape(dimension: loaded.train.dimension),
                                                   classes: loaded.train.classes, seed: wanted.seed, dropRate: wanted.hiddenDropRate)
                trainer = try ConvTrainer(network: network, config: wanted, data: loaded, runID: id)
            } else {
                trainer = try ConvTrainer(config: wanted, data: loaded, runID: id)
            }
        }
        return try DynhpRunLoop(trainer: trainer, checkpoints: store.map { .init($0) }, modelDirectory: out.map { ($0 as NSString).appendingPathComponent("model") },
                               stop: stop, resumed: resume,
                               startFields: sweep.flatMap { $0.isEmpty ? nil : ["sweep": .string($0)] } ?? [:]).run()
    }

    /// `--resume --model NAME`: the network comes from the checkpoint, whatever the model
    /// file says now; a different --model than the checkpoint's is refused. Returns the
    /// checkpointed network's name.
    static func checkpointedModel(_ store: ConvCheckpointStore, model: String) throws -> String? {
        let saved = try store.load().config
        guard saved.modelFile == model else {
            let trained = saved.modelFile.map { "--model " + $0 } ?? "--arch " + saved.modelName
            throw CommandFailure("--resume --model \(model): the checkpoint in \(store.directory) trains \(trained) (its network is in the checkpoint); pass that, or choose another --out")
        }
        return saved.topology
    }

    private func makeTrainer(_ wanted: DynHPConfig, _ data: DynHPData, _ store: CheckpointStore?) throws -> DynHPTrainer {
        if resume, let store {
            var state = try store.load()
            var saved = state.config
            saved.epochs = wanted.epochs
            saved.finetuneEpochs = wanted.finetuneEpochs
            guard saved == wanted else {
                throw CommandFailure("--resume: the checkpoint in \(store.directory) was made with different settings (\(state.config.flags.joined(separator: " "))); pass the same flags (only --epochs and --finetune may change)")
            }
            if state.epoch >= state.config.epochs && wanted.epochs != state.config.epochs {
                throw CommandFailure("--resume: the checkpoint in \(store.directory) has finished its \(state.config.epochs) pruning epochs; keep --epochs \(state.config.epochs) (--finetune may change)")
            }
            state.config.epochs = wanted.epochs
            state.config.finetuneEpochs = wanted.finetuneEpochs
            return try DynHPTrainer(state: state, data: data)
        }
        if let store, store.exists {
            throw CommandFailure("--out \(out ?? ""): already holds a checkpoint; pass --resume to continue it, or choose another --out")
        }
        let id = runID ?? Self.generatedRunID(mode: wanted.mode, seed: wanted.seed)
        return try DynHPTrainer(config: wanted, data: data, runID: id)
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
