import Foundation
import Testing

/// `marvdash dynhp models` and `dynhp train --model` as a user runs them: the shipped
/// models listed with parameters, the AVCC example trained on the synthetic audio-visual
/// set with MSE metrics (not a classification error), `dynhp eval` of its model, and a
/// broken model file reported in one line at its position.
@Suite struct DynhpModelFileCLITests {
    @Test func modelsListsTheShippedFilesWithParametersAndInputs() throws {
        let r = try ProcessRunner.marvdash(["dynhp", "models"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let lenet = try #require(lines.first { $0.hasPrefix("lenet5 ") })
        #expect(lenet.contains("61,706") && lenet.contains("1×28×28") && lenet.contains("cross-entropy"))
        let avcc = try #require(lines.first { $0.hasPrefix("avcc ") })
        #expect(avcc.contains("3×32×32 + 1×32×32") && avcc.contains("1×8×8") && avcc.contains("mse"))
        for name in ["resnet-28-1", "wrn-28-10", "vgg11", "vgg13", "vgg16"] { #expect(lines.contains { $0.hasPrefix(name + " ") }, "\(name)") }
    }

    @Test func aBrokenShippedFileIsReportedWithoutHidingTheOthers() throws {
        let home = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(home) }
        try FileManager.default.createDirectory(atPath: home + "/Templates/models", withIntermediateDirectories: true)
        try "inputs:\n  - {name: image}\nlayer:\n".write(toFile: home + "/Templates/models/broken.yaml", atomically: true, encoding: .utf8)
        let r = try ProcessRunner.marvdash(["dynhp", "models"], environment: ["MARVDASH_HOME": home])
        #expect(r.status != 0)
        #expect(r.stdout.split(separator: "\n").contains { $0.hasPrefix("lenet5 ") }, "the other models are still listed")
        #expect(r.stderr.contains("broken.yaml:3:1") && r.stderr.contains("unknown key 'layer'"), "stderr: \(r.stderr)")
    }

    @Test func trainTheAVCCExampleAndEvaluateItsModel() throws {
        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        let flags = ["--model", "avcc", "--dataset", "avcc-synthetic", "--synthetic-train", "40", "--seed", "2", "--threads", "1",
                     "--batch", "20", "--epochs", "1"]
        let r = try ProcessRunner.marvdash(["dynhp", "train", "--out", dir] + flags)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let events = try DynhpCLITests.lines(r.stdout)
        #expect(events.map { $0["type"] as? String } == ["run.start", "dynhp.epoch", "run.end"])
        #expect(events[0]["model"] as? String == "avcc" && events[0]["model_file"] as? String == "avcc")
        #expect(events[0]["input_shapes"] as? [[Int]] == [[3, 32, 32], [1, 32, 32]])
        #expect(events[0]["error_metric"] as? String == "mse")
        #expect((events[0]["baseline_test_mse"] as? Double).map { $0 > 0 } == true, "the mean-map MSE to beat")
        #expect(events[1]["error_metric"] as? String == "mse")
        #expect((events[1]["test_mae"] as? Double).map { $0 > 0 } == true)
        let summary = try #require(events[2]["summary"] as? [String: Any])
        #expect(summary["error_metric"] as? String == "mse" && summary["test_mae"] != nil)

        let e = try ProcessRunner.marvdash(["dynhp", "eval", dir + "/model", "--dataset", "avcc-synthetic", "--synthetic-train", "40", "--json"])
        #expect(e.status == 0, "stderr: \(e.stderr)")
        let result = try #require(try DynhpCLITests.lines(e.stdout).first)
        #expect(result["error_metric"] as? String == "mse")
        let evaluated = try #require(result["test_error"] as? Double), trained = try #require(summary["test_error"] as? Double)
        #expect(abs(evaluated - trained) <= 1e-5 * trained, "eval recomputes the run's test MSE on the compact model: \(evaluated) vs \(trained)")
        let text = try ProcessRunner.marvdash(["dynhp", "eval", dir + "/model", "--dataset", "avcc-synthetic", "--synthetic-train", "40"])
        #expect(text.stdout.hasPrefix("test MSE"), "\(text.stdout)")
    }

    @Test func trainAShippedModelOnCIFARBatchesFoundInData() throws {
        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        let batches = dir + "/cifar-10-batches-bin"
        try FileManager.default.createDirectory(atPath: batches, withIntermediateDirectories: true)
        for (f, file) in ((1...5).map { "data_batch_\($0).bin" } + ["test_batch.bin"]).enumerated() {
            let bytes = (0..<4).flatMap { r -> [UInt8] in [UInt8((f + r) % 10)] + (0..<3072).map { UInt8(truncatingIfNeeded: $0 * (r + 1) + f) } }
            try Data(bytes).write(to: URL(fileURLWithPath: batches + "/" + file))
        }
        let r = try ProcessRunner.marvdash(["dynhp", "train", "--model", "lenet5", "--data", dir, "--epochs", "1", "--batch", "5",
                                            "--threads", "1", "--out", dir + "/run"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let events = try DynhpCLITests.lines(r.stdout)
        #expect(events.first?["dataset"] as? String == "cifar-10")
        #expect(events.first?["input_shape"] as? [Int] == [3, 32, 32])
        #expect(events.first?["train_examples"] as? Int == 10 && events.first?["test_examples"] as? Int == 4)
        #expect(events.last?["type"] as? String == "run.end")
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: batches + "/data_batch_2.bin"))
        let short = try ProcessRunner.marvdash(["dynhp", "train", "--model", "lenet5", "--data", dir, "--epochs", "1", "--batch", "5"])
        #expect(short.status != 0)
        #expect(short.stderr.contains("data_batch_2.bin") && short.stderr.contains("record 1 is truncated"), "\(short.stderr)")
        #expect(short.stderr.split(separator: "\n").count == 1, "\(short.stderr)")
        // An explicit --dataset is never overridden by what --data holds: a contradiction is refused naming both.
        let mnist = try ProcessRunner.marvdash(["dynhp", "train", "--model", "lenet5", "--dataset", "mnist", "--data", dir, "--epochs", "1"])
        #expect(mnist.status != 0)
        #expect(mnist.stderr.contains("--data \(dir)") && mnist.stderr.contains("--dataset is mnist") && mnist.stderr.contains("--dataset cifar-10"),
                "\(mnist.stderr)")
        #expect(mnist.stderr.split(separator: "\n").count == 1, "\(mnist.stderr)")
        let eval = try ProcessRunner.marvdash(["dynhp", "eval", dir + "/run/model", "--dataset", "fashion-mnist", "--data", dir])
        #expect(eval.status != 0 && eval.stderr.contains("--dataset is fashion-mnist"), "\(eval.stderr)")
    }

    @Test func resumeTrustsTheCheckpointsNetworkAndRefusesAnotherModel() throws {
        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        // A copy of lenet5 under another name; the template passes an empty --arch beside --model.
        let file = dir + "/mine.yaml"
        try FileManager.default.copyItem(atPath: TolerateCLITests.repositoryRoot + "/Templates/models/lenet5.yaml", toPath: file)
        let flags = ["--arch", "", "--dataset", "synthetic", "--synthetic-train", "20", "--batch", "10", "--threads", "1", "--out", dir + "/run"]
        let first = try ProcessRunner.marvdash(["dynhp", "train", "--model", file, "--epochs", "1"] + flags)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let other = try ProcessRunner.marvdash(["dynhp", "train", "--model", "lenet5", "--epochs", "2", "--resume"] + flags)
        #expect(other.status != 0)
        #expect(other.stderr.contains("--resume --model lenet5") && other.stderr.contains("trains --model \(file)"), "\(other.stderr)")
        #expect(other.stderr.split(separator: "\n").count == 1, "\(other.stderr)")
        // The file may change or go away: the network comes from the checkpoint.
        try FileManager.default.removeItem(atPath: file)
        let resumed = try ProcessRunner.marvdash(["dynhp", "train", "--model", file, "--epochs", "2", "--resume"] + flags)
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        let events = try DynhpCLITests.lines(resumed.stdout)
        #expect(events.map { $0["type"] as? String } == ["run.start", "dynhp.epoch", "run.end"])
        #expect(events[1]["epoch"] as? Int == 2)
    }

    @Test func aBrokenModelFileFailsInOneLineAtItsPosition() throws {
        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        let file = dir + "/mine.yaml"
        try "inputs:\n  - {name: image}\nlayers:\n  - {type: conv, filters: 4, kernal: 3}\n".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try ProcessRunner.marvdash(["dynhp", "train", "--model", file, "--dataset", "synthetic", "--synthetic-train", "20"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("mine.yaml:4:30") && r.stderr.contains("kernal"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        let unknown = try ProcessRunner.marvdash(["dynhp", "train", "--model", "lenet7", "--dataset", "synthetic"])
        #expect(unknown.status != 0 && unknown.stderr.contains("lenet5"), "\(unknown.stderr)")
        let mlp = try ProcessRunner.marvdash(["dynhp", "train", "--dataset", "avcc-synthetic"])
        #expect(mlp.status != 0 && mlp.stderr.contains("--model avcc"), "\(mlp.stderr)")
        // --arch given explicitly, even with its default value, conflicts with --model.
        let both = try ProcessRunner.marvdash(["dynhp", "train", "--arch", "784-300-100-10", "--model", "lenet5", "--dataset", "synthetic"])
        #expect(both.status != 0 && both.stderr.contains("give --arch or --model, not both"), "\(both.stderr)")
    }
}
