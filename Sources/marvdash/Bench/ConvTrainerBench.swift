import Foundation
import MarvelCore

/// The convolutional trainer's rows of `marvdash bench`: training samples/s of the L0
/// resnet-28-1 on 28×28×1 (Fashion-MNIST when installed) at batch 128 with Adam and
/// `threads` OpenBLAS threads, side by side with PyTorch CPU training the same L0 network
/// (`torch_l0_resnet.py` beside this file: same shapes, BN, one hard-concrete gate per filter,
/// the same penalty, Adam, the same batch and threads) and the ratio, whose goal is ≥ 1.
/// PyTorch is looked for in `.venv-bench` (which `make bench` fills) and then as `python3`.
enum ConvTrainerBench {
    static let warmUpSteps = 2
    static let timedSteps = 10
    static let batch = 128

    static func rows(threads: Int = 2) throws -> [BenchRow] {
        BLASThreads.set(threads)
        let data = (try? DatasetLoader().load(.fashionMNIST))
            ?? SyntheticDataset(dimension: 784, trainCount: 1_000, validationCount: 10, testCount: 10).generate()
        var config = DynHPConfig(mode: .sp, batchSize: batch, epochs: 1, seed: 1)
        config.topology = ConvTopology.resnet28x1.rawValue
        config.hiddenDropRate = 0.2
        let trainer = try ConvTrainer(config: config, data: data, runID: "bench-cnn")
        trainer.benchmarkSteps(warmUpSteps, batch: batch)
        let ms = Stopwatch.milliseconds { trainer.benchmarkSteps(timedSteps, batch: batch) }
        let rate = Double(timedSteps * batch) / (ms / 1000)
        var rows = [BenchRow(name: "DynHP trainer L0 resnet-28-1, 28×28×1, batch 128, Adam, \(threads) threads (\(data.name))",
                             measured: rate, budget: 0, unit: "samples/s", higherIsBetter: true, isReference: true)]
        switch torchRate(threads: threads) {
        case .success(let torch):
            rows.append(BenchRow(name: "  PyTorch \(torch.version) CPU, same L0 network, batch, Adam, threads (reference)",
                                 measured: torch.rate, budget: 0, unit: "samples/s", higherIsBetter: true, isReference: true))
            rows.append(BenchRow(name: "  marvdash / PyTorch speed (goal ≥ 1)", measured: rate / torch.rate, budget: 1, unit: "x",
                                 higherIsBetter: true))
        case .failure(let missing):
            rows.append(BenchRow(name: "  PyTorch not found (\(missing.reason)); make bench installs it in .venv-bench",
                                 measured: 0, budget: 0, unit: "samples/s", higherIsBetter: true, isReference: true))
        }
        return rows
    }

    /// Why there is no PyTorch measurement.
    struct TorchMissing: Error {
        var reason: String
    }

    /// PyTorch's rate and version.
    struct TorchRate {
        var rate: Double
        var version: String
    }

    /// The repository's root, from this file's path (the bench runs from the build tree).
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static var scriptPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("torch_l0_resnet.py").path
    }

    /// Runs the PyTorch script with the first Python that imports torch.
    static func torchRate(threads: Int) -> Result<TorchRate, TorchMissing> {
        guard FileManager.default.fileExists(atPath: scriptPath) else {
            return .failure(TorchMissing(reason: "no \(scriptPath): run the bench from the source tree"))
        }
        let venv = repositoryRoot.appendingPathComponent(".venv-bench/bin/python3").path
        let pythons = FileManager.default.isExecutableFile(atPath: venv) ? [venv, "python3"] : ["python3"]
        var reasons: [String] = []
        for python in pythons {
            let version = run(python, ["-c", "import torch; print(torch.__version__)"], threads: threads)
            guard version.status == 0 else {
                reasons.append("\(python): no torch")
                continue
            }
            let timed = run(python, [scriptPath, "--threads", "\(threads)", "--batch", "\(batch)",
                                     "--warmup", "\(warmUpSteps)", "--steps", "\(timedSteps)"], threads: threads)
            guard timed.status == 0, let rate = Double(lastLine(timed.output)), rate > 0 else {
                reasons.append("\(python) \(scriptPath) exited \(timed.status)")
                continue
            }
            return .success(TorchRate(rate: rate, version: lastLine(version.output)))
        }
        return .failure(TorchMissing(reason: reasons.joined(separator: "; ")))
    }

    /// The last line of a program's output (torch may print warnings before the number).
    private static func lastLine(_ output: String) -> String {
        String(output.split(separator: "\n").last ?? "").trimmingCharacters(in: .whitespaces)
    }

    /// Runs a program found on PATH (or by path) with the thread variables set; its trimmed stdout.
    private static func run(_ program: String, _ arguments: [String], threads: Int) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_NUM_THREADS"] = "\(threads)"
        environment["MKL_NUM_THREADS"] = "\(threads)"
        environment["OPENBLAS_NUM_THREADS"] = "\(threads)"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return (-1, "") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
