import Foundation
import MarvelCore

/// The DynHP trainer's rows of `marvdash bench`: training samples/s of the 784-300-100-10 MLP
/// at batch 128 with Adam (budget ≥ 40,000/s on 2 cores), the time of one full Fashion-MNIST
/// epoch when the dataset is installed, and the same network in numpy when python3 has it.
enum TrainerBench {
    static let budget = 40_000.0
    static let warmUpSteps = 20
    static let timedSteps = 300
    static let batch = 128
    /// The widths DynHP α_bs 0.988 compacts 784-300-100-10 to in README's Table 4 (seed 1's
    /// final `active` widths in its run.end line, `marvdash dynhp reproduce table4`).
    static let compactedWidths = [168, 140, 100, 10]

    static func rows() throws -> [BenchRow] {
        BLASThreads.set(2)
        let fashion = try? DatasetLoader().load(.fashionMNIST)
        let data = fashion ?? SyntheticDataset(trainCount: 6_000, validationCount: 100, testCount: 100).generate()
        var config = DynHPConfig(widths: [784, 300, 100, 10], mode: .sp, batchSize: batch, epochs: 1, seed: 1)
        config.optimizer = .adam
        let trainer = try DynHPTrainer(config: config, data: data, runID: "bench")
        trainer.benchmarkSteps(warmUpSteps, batch: batch)
        let ms = Stopwatch.milliseconds { trainer.benchmarkSteps(timedSteps, batch: batch) }
        let rate = Double(timedSteps * batch) / (ms / 1000)
        var rows = [BenchRow(name: "DynHP trainer 784-300-100-10, batch 128, Adam (\(data.name))", measured: rate,
                             budget: budget, unit: "samples/s", higherIsBetter: true)]
        // The network DynHP α_bs 0.988 prunes 784-300-100-10 to, trained the same way: its
        // floor is the unpruned rate just measured, so the ratio is the compaction's speed-up.
        let compact = try DynHPTrainer(config: config, data: data, runID: "bench-compact")
        compact.compactForBenchmark(toWidths: compactedWidths)
        compact.benchmarkSteps(warmUpSteps, batch: batch)
        let compactMs = Stopwatch.milliseconds { compact.benchmarkSteps(timedSteps, batch: batch) }
        let shape = compactedWidths.map(String.init).joined(separator: "-")
        rows.append(BenchRow(name: "  compacted DynHP α 0.988 network \(shape), same batch (vs unpruned)",
                             measured: Double(timedSteps * batch) / (compactMs / 1000), budget: rate, unit: "samples/s",
                             higherIsBetter: true))
        if let fashion {
            let epochTrainer = try DynHPTrainer(config: config, data: fashion, runID: "bench-epoch")
            let epochMs = Stopwatch.milliseconds { _ = epochTrainer.trainEpoch() }
            // The rate budget over 55,000 examples plus a quarter second for the validation/test pass.
            let epochBudget = Double(fashion.train.count) / budget + 0.25
            rows.append(BenchRow(name: "one full Fashion-MNIST epoch (\(fashion.train.count) examples + eval)",
                                 measured: epochMs / 1000, budget: epochBudget, unit: "s"))
        }
        if let numpyRate = numpyRate() {
            rows.append(BenchRow(name: "numpy/OpenBLAS, same MLP + batch + Adam (reference)", measured: numpyRate,
                                 budget: budget, unit: "samples/s", higherIsBetter: true, isReference: true))
            rows.append(BenchRow(name: "marvdash trainer / numpy speed", measured: rate / numpyRate, budget: 1,
                                 unit: "x", higherIsBetter: true))
        }
        return rows
    }

    /// Samples/s of the numpy loop, or nil when python3 or numpy is missing.
    static func numpyRate() -> Double? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "2"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The same MLP, batch, Adam and timing in numpy (float32), printing samples/s.
    static let script = """
        import time, numpy as np
        rng = np.random.default_rng(1)
        widths = [784, 300, 100, 10]; B = 128; warm = \(warmUpSteps); steps = \(timedSteps)
        X = rng.random((6000, 784), dtype=np.float32); Y = rng.integers(0, 10, 6000)
        W = [(rng.standard_normal((a, b)) * np.sqrt(2.0 / a)).astype(np.float32) for a, b in zip(widths, widths[1:])]
        b = [np.zeros(n, np.float32) for n in widths[1:]]
        params = W + b
        m = [np.zeros_like(p) for p in params]; v = [np.zeros_like(p) for p in params]
        t = 0
        def step(i):
            global t
            idx = np.arange(i * B, i * B + B) % 6000
            x = X[idx]; y = Y[idx]
            acts = [x]
            for l in range(3):
                z = acts[-1] @ W[l] + b[l]
                acts.append(np.maximum(z, 0) if l < 2 else z)
            logits = acts[-1]; logits = logits - logits.max(1, keepdims=True)
            p = np.exp(logits); p /= p.sum(1, keepdims=True)
            d = p; d[np.arange(B), y] -= 1; d /= B
            gW = [None] * 3; gb = [None] * 3
            for l in (2, 1, 0):
                gW[l] = acts[l].T @ d; gb[l] = d.sum(0)
                if l > 0:
                    d = (d @ W[l].T) * (acts[l] > 0)
            grads = gW + gb
            t += 1
            for k, (pa, g) in enumerate(zip(params, grads)):
                m[k] *= 0.9; m[k] += 0.1 * g
                v[k] *= 0.999; v[k] += 0.001 * g * g
                pa -= (0.001 / (1 - 0.9 ** t)) * m[k] / (np.sqrt(v[k] / (1 - 0.999 ** t)) + 1e-8)
        for i in range(warm): step(i)
        s = time.perf_counter()
        for i in range(steps): step(i)
        print(steps * B / (time.perf_counter() - s))
        """
}
