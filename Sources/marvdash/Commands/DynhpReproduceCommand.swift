import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash dynhp reproduce table4`: trains every row of the seed's Table 4 for each seed
/// and prints the measured numbers next to the seed's (text, Markdown or JSON).
struct DynhpReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Reproduce the seed's Table 4 (Fashion-MNIST, 784-300-100-10): SP, HP and DynHP, measured next to the seed.",
        discussion: """
            Trains every row --seeds times (--jobs runs at a time, each a full 'dynhp train' in this process) \
            and prints mean ± sample standard deviation over the seeds. Progress goes to stderr; --log-dir \
            keeps every run's metrics lines. README's Table 4 is '-o markdown' of the full run.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, markdown }

    @Argument(help: ArgumentHelp("The table to reproduce: table4.", valueName: "table")) var table: String
    @Option(help: ArgumentHelp("Rows to run, comma-separated: \(Table4.rows.map(\.id).joined(separator: ",")).", valueName: "ids"))
    var rows: String = Table4.rows.map(\.id).joined(separator: ",")
    @Option(parsing: .unconditional, help: "Pruning epochs of every run.") var epochs: Int = Table4.defaultEpochs
    @Option(parsing: .unconditional, help: "Fine-tuning epochs after pruning.") var finetune: Int = Table4.defaultFinetuneEpochs
    @Option(parsing: .unconditional, help: "Seeds per row (1, 2, … K).") var seeds: Int = 1
    @Option(name: .customLong("gate-samples"), help: ArgumentHelp("Override the table's per-example gates with batch (about 3x faster, for exploring).", valueName: "per"))
    var gateSamples: String?
    @Option(help: ArgumentHelp("fashion-mnist, mnist or synthetic.", valueName: "name")) var dataset: String = "fashion-mnist"
    @Option(help: ArgumentHelp("Folder with the IDX files.", valueName: "dir")) var data: String?
    @Option(name: .customLong("synthetic-train"), parsing: .unconditional, help: "Training examples of the synthetic dataset.") var syntheticTrain = 6_000
    @Option(parsing: .unconditional, help: "OpenBLAS threads (of each run).") var threads: Int = 2
    @Option(parsing: .unconditional, help: "Runs trained at the same time (each with --threads BLAS threads).") var jobs: Int = 1
    @Option(name: .customLong("log-dir"), help: ArgumentHelp("Keep each run's metrics lines in DIR/table4-ROW-sSEED.jsonl.", valueName: "dir"))
    var logDir: String?
    @Option(name: [.short, .customLong("output")], help: "table, json or markdown.") var output: Format = .table

    func validate() throws {
        guard table == "table4" else { throw ValidationError("the only table is table4 (the seed's Table 4), got '\(table)'") }
        do {
            _ = try Table4.rows(named: rowIDs)
        } catch {
            throw ValidationError(error.message)
        }
        guard !rowIDs.isEmpty else { throw ValidationError("--rows needs at least one of \(Table4.rows.map(\.id).joined(separator: ","))") }
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1, got \(epochs)") }
        guard finetune >= 0 else { throw ValidationError("--finetune must be 0 or more, got \(finetune)") }
        guard (1...100).contains(seeds) else { throw ValidationError("--seeds must be from 1 to 100, got \(seeds)") }
        if let gateSamples, GateSampling(rawValue: gateSamples) == nil {
            throw ValidationError("--gate-samples must be batch or example, got '\(gateSamples)'")
        }
        guard DatasetKind(rawValue: dataset) != nil else {
            throw ValidationError("--dataset must be one of \(DatasetKind.allCases.map(\.rawValue).joined(separator: ", ")), got '\(dataset)'")
        }
        if dataset == DatasetKind.avccSynthetic.rawValue || dataset == DatasetKind.cifar10.rawValue {
            throw ValidationError("--dataset \(dataset): Table 4 is the 784-300-100-10 MLP classifying 28×28 images; use fashion-mnist, mnist or synthetic (train \(dataset) with dynhp train --model)")
        }
        guard syntheticTrain >= 10 else { throw ValidationError("--synthetic-train must be at least 10, got \(syntheticTrain)") }
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be from 1 to 64, got \(threads)") }
        guard (1...16).contains(jobs) else { throw ValidationError("--jobs must be from 1 to 16, got \(jobs)") }
    }

    private var rowIDs: [String] {
        rows.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() throws {
        let result = try reportingFailures { () throws -> Table4Result in
            let stop = DynhpStopRequest()
            defer { stop.release() }
            BLASThreads.set(threads)
            var shared = Table4.sharedConfig(epochs: epochs, finetuneEpochs: finetune)
            if let gateSamples { shared.gateSampling = GateSampling(rawValue: gateSamples) ?? .example }
            let data = try loadData(shared)
            if let logDir { try FileManager.default.createDirectory(atPath: logDir, withIntermediateDirectories: true) }
            let selected = try Table4.rows(named: rowIDs)
            let runners = selected.flatMap { row in
                (1...seeds).map { seed in
                    Table4Runner(row: row, config: Table4.config(row, shared: shared, seed: UInt64(seed)), data: data,
                                 logDir: logDir, shouldStop: stop.requestedCheck)
                }
            }
            let results = Table4Jobs(runners: runners, jobs: jobs).run { done, runner, m in
                Self.progress("[\(done)/\(runners.count)] \(runner.row.label), seed \(runner.config.seed): \(Table4Format.percent(m.testError)) test error, "
                              + "\(Table4Format.reduction(m.sizeReduction)) size, \(Table4Format.bytes(Double(m.memoryTotalBytes))) total memory, "
                              + String(format: "%.0f s", m.seconds))
            }
            var measured: [Table4Result.Row] = []
            for row in selected {
                var runs: [Table4Measurement] = []
                for (runner, result) in zip(runners, results) where runner.row.id == row.id { runs.append(try result.get()) }
                measured.append(Table4Result.Row(row: row, flags: Table4.rowFlags(row, shared: shared), runs: runs))
            }
            return Table4Result(command: (["marvdash"] + CommandLine.arguments.dropFirst()).joined(separator: " "),
                                sharedFlags: Table4.sharedFlags(shared, dataset: dataset), rows: measured)
        }
        let report = Table4Report(result)
        switch output {
        case .table: print(report.text(), terminator: "")
        case .markdown: print(report.markdown(), terminator: "")
        case .json: print(report.json().prettyJSONString())
        }
    }

    private func loadData(_ shared: DynHPConfig) throws -> DynHPData {
        try DynhpDataLoading.load(dataset, directory: data, widths: shared.widths, syntheticTrain: syntheticTrain, budget: shared.budgetBytes)
    }

    static func progress(_ line: String) {
        FileHandle.standardError.write(Data("marvdash: table4: \(line)\n".utf8))
    }
}
