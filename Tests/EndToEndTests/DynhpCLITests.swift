import Foundation
import Testing

/// `marvdash dynhp train` and `eval` as a user runs them: metrics lines on stdout, a model
/// folder, one-line errors, and SIGTERM → checkpoint → --resume.
@Suite struct DynhpCLITests {
    static let small = ["--dataset", "synthetic", "--synthetic-train", "600", "--arch", "784-16-10", "--seed", "3",
                        "--threads", "1"]

    static func lines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
        }
    }

    @Test func trainPrintsMetricsLinesAndEvalReadsTheModel() throws {
        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        let r = try ProcessRunner.marvdash(["dynhp", "train", "--epochs", "2", "--lr-batch-scaling", "sqrt", "--out", dir] + Self.small)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let events = try Self.lines(r.stdout)
        #expect(events.map { $0["type"] as? String } == ["run.start", "dynhp.epoch", "dynhp.epoch", "run.end"])
        let run = try #require(events[0]["run"] as? String)
        for e in events {
            #expect(e["run"] as? String == run)
            let ts = try #require(e["ts"] as? String)
            #expect(ts.hasSuffix("Z") && ts.contains("T"))
        }
        #expect(events[0]["dataset"] as? String == "synthetic")
        #expect(events[0]["mode"] as? String == "dynhp")
        #expect(events[0]["lr_batch_scaling"] as? String == "sqrt")
        #expect(events[0]["lr_schedule"] as? String == "constant")
        let epoch = events[2]
        for key in ["epoch", "epochs", "loss", "train_error", "val_error", "test_error", "params", "params_initial",
                    "active", "batch_size", "memory_bytes", "flops"] {
            #expect(epoch[key] != nil, "dynhp.epoch lacks \(key)")
        }
        #expect(epoch["epoch"] as? Int == 2)
        #expect((epoch["active"] as? [Int])?.count == 2)
        #expect(events[3]["status"] as? String == "completed")
        #expect(FileManager.default.fileExists(atPath: dir + "/model/model.json"))
        #expect(FileManager.default.fileExists(atPath: dir + "/checkpoint/state.json"))

        let e = try ProcessRunner.marvdash(["dynhp", "eval", dir + "/model", "--dataset", "synthetic",
                                            "--synthetic-train", "600", "--json"])
        #expect(e.status == 0, "stderr: \(e.stderr)")
        let result = try #require(try Self.lines(e.stdout).first)
        let error = try #require(result["test_error"] as? Double)
        #expect(error >= 0 && error <= 1)
        #expect(result["params"] as? Int != nil)
    }

    @Test func badFlagsAndMissingDataAreOneLineErrors() throws {
        let mode = try ProcessRunner.marvdash(["dynhp", "train", "--mode", "fast"] + Self.small)
        #expect(mode.status != 0)
        #expect(mode.stderr.contains("--mode"))
        #expect(mode.stderr.split(separator: "\n").count == 1)
        let budget = try ProcessRunner.marvdash(["dynhp", "train", "--budget", "lots"] + Self.small)
        #expect(budget.status != 0 && budget.stderr.contains("--budget"))
        let arch = try ProcessRunner.marvdash(["dynhp", "train", "--dataset", "synthetic", "--arch", "784-x-10"])
        #expect(arch.status != 0 && arch.stderr.contains("--arch"))
        let data = try ProcessRunner.marvdash(["dynhp", "train", "--dataset", "mnist", "--data", "/nonexistent/mnist"])
        #expect(data.status != 0)
        #expect(data.stderr.contains("/nonexistent/mnist/train-images-idx3-ubyte.gz"))
        #expect(data.stderr.split(separator: "\n").count == 1)
        let scaling = try ProcessRunner.marvdash(["dynhp", "train", "--lr-batch-scaling", "cubic"] + Self.small)
        #expect(scaling.status != 0 && scaling.stderr.contains("--lr-batch-scaling must be none, sqrt or linear, got 'cubic'"))
        let ema = try ProcessRunner.marvdash(["dynhp", "train", "--ema", "1"] + Self.small)
        #expect(ema.status != 0 && ema.stderr.contains("--ema must be from 0 (off) to below 1"))
        let resume = try ProcessRunner.marvdash(["dynhp", "train", "--resume"] + Self.small)
        #expect(resume.status != 0 && resume.stderr.contains("--out"))
        // Issue 12 item 4: refused against the budget before allocating (it aborted with a backtrace).
        let huge = try ProcessRunner.marvdash(["dynhp", "train", "--dataset", "synthetic", "--arch", "784-10000000-10"])
        #expect(huge.status != 0)
        #expect(huge.stderr.contains("--arch 784-10000000-10 with --batch 128 needs") && huge.stderr.contains("over --budget 2.0 GiB"), "\(huge.stderr)")
        #expect(huge.stderr.split(separator: "\n").count == 1, "\(huge.stderr)")
    }

    /// Issue 12 item 3: a checkpoint whose fields were tampered with is one line, not SIGSEGV.
    @Test func aCorruptCheckpointIsOneLineOnResume() throws {
        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        let first = try ProcessRunner.marvdash(["dynhp", "train", "--epochs", "1", "--out", dir] + Self.small)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let statePath = dir + "/checkpoint/state.json"
        let text = try String(contentsOfFile: statePath, encoding: .utf8)
        // The top-level field (two spaces in); the configuration's batch_size stays.
        let tampered = text.replacingOccurrences(of: #"\n  "batch_size": \d+"#, with: "\n  \"batch_size\": -4", options: .regularExpression)
        #expect(tampered != text)
        try tampered.write(toFile: statePath, atomically: false, encoding: .utf8)
        let resumed = try ProcessRunner.marvdash(["dynhp", "train", "--epochs", "2", "--out", dir, "--resume"] + Self.small)
        #expect(resumed.status != 0)
        #expect(resumed.stderr.contains("batch_size is -4, outside 1…"), "\(resumed.stderr)")
        #expect(resumed.stderr.split(separator: "\n").count == 1, "\(resumed.stderr)")
    }

    @Test func sigtermCheckpointsAndResumeFinishesTheRun() throws {
        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        let args = ["dynhp", "train", "--epochs", "400", "--out", dir + "/run"] + Self.small
        let pid = try ProcessRunner.spawn(ProcessRunner.marvdashPath, args, environment: ProcessRunner.cleanEnvironment(),
                                          stdout: dir + "/out", stderr: dir + "/err")
        let sawEpoch = ProcessRunner.waitUntil(seconds: 60) {
            ((try? String(contentsOfFile: dir + "/out", encoding: .utf8)) ?? "").contains("dynhp.epoch")
        }
        #expect(sawEpoch)
        kill(pid, SIGTERM)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        #expect(code == 128 + SIGTERM)
        let out = try String(contentsOfFile: dir + "/out", encoding: .utf8)
        let events = try Self.lines(out)
        let end = try #require(events.last)
        #expect(end["type"] as? String == "run.end")
        #expect(end["status"] as? String == "interrupted")
        #expect(FileManager.default.fileExists(atPath: dir + "/run/checkpoint/state.json"))
        let done = events.filter { $0["type"] as? String == "dynhp.epoch" }.count

        // Resume with fewer epochs so the test ends soon; the run id carries over.
        let target = done + 2
        let resumed = try ProcessRunner.marvdash(["dynhp", "train", "--epochs", "\(target)", "--out", dir + "/run", "--resume"] + Self.small)
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        let more = try Self.lines(resumed.stdout)
        #expect(more.first?["run"] as? String == events.first?["run"] as? String)
        #expect(more.last?["status"] as? String == "completed")
        let epochs = more.compactMap { $0["type"] as? String == "dynhp.epoch" ? $0["epoch"] as? Int : nil }
        #expect(epochs.last == target)

        let again = try ProcessRunner.marvdash(["dynhp", "train", "--epochs", "3", "--out", dir + "/run"] + Self.small)
        #expect(again.status != 0 && again.stderr.contains("--resume"), "an existing checkpoint is never overwritten")
    }
}
