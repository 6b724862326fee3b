import Foundation
import Testing

/// `marvdash dynhp reproduce table4` on tiny synthetic runs: the rows it runs, each seed's
/// numbers, the three output formats and the logs it keeps.
@Suite struct DynhpReproduceCLITests {
    static let tiny = ["dynhp", "reproduce", "table4", "--dataset", "synthetic", "--synthetic-train", "200", "--epochs", "1",
                       "--threads", "1", "--gate-samples", "batch"]

    @Test func jsonHasEveryChosenRowAndSeedAndTheLogsAreKept() throws {
        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        let r = try ProcessRunner.marvdash(Self.tiny + ["--rows", "dynhp-0.989,sp", "--seeds", "2", "--finetune", "1", "--log-dir", dir, "-o", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let rows = try #require(doc["rows"] as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == ["sp", "dynhp-0.989"], "the table's order")
        for row in rows {
            let runs = try #require(row["runs"] as? [[String: Any]])
            #expect(runs.map { $0["seed"] as? Int } == [1, 2])
            for run in runs {
                let error = try #require(run["test_error"] as? Double)
                #expect((0...1).contains(error))
                #expect((run["params"] as? Int ?? 0) > 0 && (run["memory_total_bytes"] as? Int ?? 0) > 0)
                let log = try #require(run["log"] as? String)
                let text = try String(contentsOfFile: log, encoding: .utf8)
                #expect(text.contains("\"run.start\"") && text.contains("\"run.end\""))
                #expect(text.components(separatedBy: "\"dynhp.epoch\"").count - 1 == 2, "1 pruning + 1 fine-tuning epoch")
            }
            #expect((row["test_error"] as? [String: Any])?["n"] as? Int == 2)
        }
        #expect((rows[1]["flags"] as? [String])?.contains("0.989") == true)
        #expect(rows[1]["memory_reduction_vs_sp"] is Double)
        #expect(((rows[0]["seed"] as? [String: Any])?["test_error"] as? Double) == 0.0996)
        #expect((doc["shared_flags"] as? [String])?.contains("--finetune") == true)
        #expect(r.stderr.contains("[4/4] DynHP α 0.989 λ 0.3, seed 2:"), "progress on stderr: \(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/table4-sp-s2.jsonl"))
    }

    @Test func markdownAndTableShowMeasuredNextToTheSeed() throws {
        let md = try ProcessRunner.marvdash(Self.tiny + ["--rows", "hp", "-o", "markdown"])
        #expect(md.status == 0, "stderr: \(md.stderr)")
        #expect(md.stdout.contains("Measured with `marvdash dynhp reproduce table4 --dataset synthetic"))
        #expect(md.stdout.contains("| row | test error | model size | total memory | seed's Table 4 |"))
        #expect(md.stdout.contains("| HP λ 0.2, gate lr 0.003 | "))
        #expect(md.stdout.contains("| 10.20%, −77%, −52% |"))
        #expect(md.stdout.contains("- HP λ 0.2, gate lr 0.003 adds `--mode hp --lambda 0.2 --gate-lr 0.003`"))
        let table = try ProcessRunner.marvdash(Self.tiny + ["--rows", "sp,hp"])
        #expect(table.status == 0, "stderr: \(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Table 4 (seed 1): marvdash dynhp reproduce table4") == true)
        #expect(lines.contains { $0.hasPrefix("row ") && $0.contains("test error") && $0.contains("seed's Table 4") })
        #expect(lines.contains { $0.hasPrefix("SP λ 0.05") && $0.contains("9.96%, 1.041 MB, 2.866 GB") })
        #expect(lines.contains { $0.hasPrefix("HP λ 0.2, gate lr 0.003") && $0.contains("vs SP)") })
    }

    @Test func unknownRowsAndTablesAreOneLineErrors() throws {
        let row = try ProcessRunner.marvdash(Self.tiny + ["--rows", "sp,dynhp"])
        #expect(row.status != 0)
        #expect(row.stderr.contains("no row 'dynhp' in Table 4; the rows are sp, hp, dynhp-0.988, dynhp-0.989"))
        #expect(row.stderr.split(separator: "\n").count == 1)
        let table = try ProcessRunner.marvdash(["dynhp", "reproduce", "table3"])
        #expect(table.status != 0 && table.stderr.contains("the only table is table4"))
    }
}
