import Testing
@testable import MarvelCore

/// The reproduced Table 4: rows and their settings, mean ± sample standard deviation over
/// seeds, memory against SP, and the text, Markdown and JSON renderings.
@Suite struct Table4ReportTests {
    static func run(_ seed: UInt64, error: Double, params: Int, memory: Int) -> Table4Measurement {
        Table4Measurement(seed: seed, testError: error, params: params, paramsInitial: 266_610, memoryTotalBytes: memory, seconds: 10)
    }

    static func result() -> Table4Result {
        let shared = Table4.sharedConfig(epochs: 3)
        let sp = Table4Result.Row(row: Table4.rows[0], flags: Table4.rowFlags(Table4.rows[0], shared: shared), runs: [
            run(1, error: 0.0920, params: 230_000, memory: 300_000_000_000), run(2, error: 0.0940, params: 228_000, memory: 296_000_000_000),
        ])
        let dyn = Table4Result.Row(row: Table4.rows[2], flags: Table4.rowFlags(Table4.rows[2], shared: shared), runs: [
            run(1, error: 0.1100, params: 40_000, memory: 62_000_000_000), run(2, error: 0.1120, params: 38_000, memory: 58_000_000_000),
        ])
        return Table4Result(command: "marvdash dynhp reproduce table4 --seeds 2", sharedFlags: Table4.sharedFlags(shared, dataset: "fashion-mnist"),
                            rows: [sp, dyn])
    }

    @Test func rowsCarryTheSeedsNumbersAndTheirSettings() throws {
        #expect(Table4.rows.map(\.id) == ["sp", "hp", "dynhp-0.988", "dynhp-0.989"])
        #expect(Table4.rows[0].seed.text == "9.96%, 1.041 MB, 2.866 GB")
        #expect(Table4.rows[2].seed.text == "10.23%, −87%, −71%")
        #expect(try Table4.rows(named: ["dynhp-0.989", "sp"]).map(\.id) == ["sp", "dynhp-0.989"], "in the table's order")
        #expect(throws: DynHPError.self) { try Table4.rows(named: ["hp", "dynhp"]) }
        let shared = Table4.sharedConfig(epochs: 7, finetuneEpochs: 3)
        let c = Table4.config(Table4.rows[3], shared: shared, seed: 2)
        #expect(c.mode == .dynhp && c.alphaBS == 0.989 && c.lambda == 0.3 && c.seed == 2 && c.learningRateBatchScaling == .linear)
        #expect(c.epochs == 7 && c.finetuneEpochs == 3 && c.widths == [784, 300, 100, 10] && c.gateSampling == .example)
        #expect(Table4.config(Table4.rows[1], shared: shared, seed: 1).learningRateBatchScaling == LearningRateBatchScaling.none)
        #expect(Table4.rowFlags(Table4.rows[1], shared: shared) == ["--mode", "hp", "--lambda", "0.2", "--gate-lr", "0.003"])
        #expect(Table4.config(Table4.rows[1], shared: shared, seed: 1).gateLearningRate == 0.003)
        #expect(Table4.config(Table4.rows[2], shared: shared, seed: 1).gateLearningRate == nil)
        #expect(Table4.rowFlags(Table4.rows[2], shared: shared) == ["--mode", "dynhp", "--lambda", "0.3", "--alpha-bs", "0.988", "--lr-batch-scaling", "linear"])
        let flags = Table4.sharedFlags(shared, dataset: "fashion-mnist").joined(separator: " ")
        #expect(flags.hasPrefix("--dataset fashion-mnist --arch 784-300-100-10"))
        #expect(flags.contains("--epochs 7") && flags.contains("--finetune 3") && flags.contains("--gate-samples example"))
        #expect(!flags.contains("--mode") && !flags.contains("--seed"))
    }

    @Test func meanAndSampleSpreadAndMemoryAgainstSP() throws {
        let r = Self.result()
        let dyn = r.rows[1]
        #expect(abs(dyn.testError.mean - 0.111) < 1e-12)
        #expect(abs(dyn.testError.spread - 0.0014142) < 1e-6, "sample SD of 11.00 and 11.20")
        #expect(abs(try #require(r.memoryReduction(of: dyn)) - (1 - 60.0 / 298)) < 1e-12, "60 GB against SP's 298 GB")
        #expect(r.memoryReduction(of: r.rows[0]) == nil)
        #expect(MeanSpread([0.5]).spread == 0 && MeanSpread([0.5]).count == 1)
    }

    @Test func textMarkdownAndJSON() throws {
        let report = Table4Report(Self.result())
        let text = report.text()
        #expect(text.contains("Table 4 (seeds 1–2, mean ± sample standard deviation): marvdash dynhp reproduce table4 --seeds 2"))
        #expect(text.contains("DynHP α 0.988 λ 0.3"))
        #expect(text.contains("11.10 ± 0.14%"))
        #expect(text.contains("156 KB (−85 ± 1%)"))
        #expect(text.contains("60.0 GB (−80% vs SP)"))
        #expect(text.contains("10.23%, −87%, −71%"))
        let md = report.markdown()
        #expect(md.contains("Measured with `marvdash dynhp reproduce table4 --seeds 2`"))
        #expect(md.contains("| row | test error | model size | total memory | seed's Table 4 |"))
        #expect(md.contains("| SP λ 0.05 | 9.30 ± 0.14% | 916 KB (−14 ± 1%) | 298.0 GB | 9.96%, 1.041 MB, 2.866 GB |"))
        #expect(md.contains("- DynHP α 0.988 λ 0.3 adds `--mode dynhp --lambda 0.3 --alpha-bs 0.988 --lr-batch-scaling linear`"))
        let json = report.json()
        let rows = try #require(json["rows"]?.arrayValue)
        #expect(rows.map { $0["id"]?.stringValue } == ["sp", "dynhp-0.988"])
        #expect(rows[1]["test_error"]?["mean"]?.doubleValue == 0.111)
        #expect(rows[1]["runs"]?.arrayValue?.count == 2)
        #expect(rows[1]["memory_reduction_vs_sp"]?.doubleValue.map { abs($0 - (1 - 60.0 / 298)) < 1e-12 } == true)
        #expect(rows[1]["seed"]?["size_reduction"]?.doubleValue == 0.87)
    }
}
