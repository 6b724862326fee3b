import Foundation
import Testing

/// `marvdash dynhp train --arch lenet5` as a user runs it: metrics lines with filters per
/// layer, a checkpoint that --resume continues, a model `dynhp eval` reads, one-line errors.
@Suite struct DynhpConvCLITests {
    static let small = ["--dataset", "synthetic", "--synthetic-train", "60", "--arch", "lenet5", "--seed", "3",
                        "--threads", "1", "--batch", "20"]

    @Test func trainResumeAndEvalAConvolutionalNetwork() throws {
        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        let r = try ProcessRunner.marvdash(["dynhp", "train", "--epochs", "1", "--out", dir] + Self.small)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let events = try DynhpCLITests.lines(r.stdout)
        #expect(events.map { $0["type"] as? String } == ["run.start", "dynhp.epoch", "run.end"])
        #expect(events[0]["model"] as? String == "lenet5")
        #expect(events[0]["input_shape"] as? [Int] == [3, 32, 32], "synthetic is CIFAR-shaped for CNNs")
        #expect(events[1]["active_initial"] as? [Int] == [6, 16, 120, 84])
        #expect((events[1]["active"] as? [Int])?.count == 4)
        #expect((events[1]["memory_bytes"] as? Int ?? 0) > 0 && (events[1]["flops"] as? Int ?? 0) > 0)

        let resumed = try ProcessRunner.marvdash(["dynhp", "train", "--epochs", "2", "--out", dir, "--resume"] + Self.small)
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        let more = try DynhpCLITests.lines(resumed.stdout)
        #expect(more.map { $0["type"] as? String } == ["run.start", "dynhp.epoch", "run.end"])
        #expect(more[1]["epoch"] as? Int == 2, "continues at epoch 2")
        #expect(more[0]["run"] as? String == events[0]["run"] as? String)

        let e = try ProcessRunner.marvdash(["dynhp", "eval", dir + "/model", "--dataset", "synthetic", "--synthetic-train", "60", "--json"])
        #expect(e.status == 0, "stderr: \(e.stderr)")
        let result = try #require(try DynhpCLITests.lines(e.stdout).first)
        #expect(result["arch"] as? String == "lenet5")
        #expect((result["filters_initial"] as? [Int]) == [6, 16, 120, 84])
        #expect((result["test_error"] as? Double).map { $0 >= 0 && $0 <= 1 } == true)
    }

    @Test func mlpOnlyOptionsAreRefusedInOneLine() throws {
        let r = try ProcessRunner.marvdash(["dynhp", "train", "--finetune", "2"] + Self.small)
        #expect(r.status != 0)
        #expect(r.stderr.contains("--finetune") && r.stderr.contains("lenet5"))
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        let arch = try ProcessRunner.marvdash(["dynhp", "train", "--dataset", "synthetic", "--arch", "resnet-99"])
        #expect(arch.status != 0 && arch.stderr.contains("resnet-28-1"))
    }
}
