import Foundation
import Testing

/// `dynhp train`'s pruning levers as a user sets them: recorded in run.start, per-epoch speed
/// and phase in dynhp.epoch, kept through --resume (which refuses other values), one-line
/// errors; and the synthetic demo prunes within its first epochs at its defaults.
@Suite struct DynhpLeverCLITests {
    static let small = DynhpCLITests.small
    static let levers = ["--finetune", "1", "--finetune-lr", "0.0005", "--gate-lr", "0.02", "--layer-lambdas", "0.1,0.2",
                         "--temperature", "1/2", "--init-drop-input", "0.3", "--init-drop-hidden", "0.4", "--lr-warmup", "1"]

    @Test func leversAreRecordedAndSurviveResume() throws {
        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        let r = try ProcessRunner.marvdash(["dynhp", "train", "--epochs", "1", "--out", dir + "/run"] + Self.levers + Self.small)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let events = try DynhpCLITests.lines(r.stdout)
        #expect(events.map { $0["type"] as? String } == ["run.start", "dynhp.epoch", "dynhp.epoch", "run.end"])
        let start = events[0]
        #expect(start["epochs"] as? Int == 2, "pruning plus fine-tuning")
        #expect(start["pruning_epochs"] as? Int == 1)
        #expect(start["finetune_epochs"] as? Int == 1)
        #expect(start["finetune_lr"] as? Double == 0.0005)
        #expect(start["gate_lr"] as? Double == 0.02)
        #expect(start["layer_lambdas"] as? [Double] == [0.1, 0.2])
        #expect(start["temperature"] as? Double == 0.5)
        #expect(start["init_drop_input"] as? Double == 0.3 && start["init_drop_hidden"] as? Double == 0.4)
        #expect(start["lr_warmup_epochs"] as? Int == 1)
        #expect(events[1]["phase"] as? String == "prune" && events[2]["phase"] as? String == "finetune")
        for e in events[1...2] { #expect((e["samples_per_second"] as? Double ?? 0) > 0) }

        // One more fine-tuning epoch on the same checkpoint: the levers carry over.
        let more = try ProcessRunner.marvdash(["dynhp", "train", "--epochs", "1", "--finetune", "2", "--out", dir + "/run", "--resume"]
                                              + Self.leversWithout("--finetune") + Self.small)
        #expect(more.status == 0, "stderr: \(more.stderr)")
        let resumed = try DynhpCLITests.lines(more.stdout)
        #expect(resumed.first?["gate_lr"] as? Double == 0.02 && resumed.first?["finetune_epochs"] as? Int == 2)
        #expect(resumed.compactMap { $0["type"] as? String == "dynhp.epoch" ? $0["epoch"] as? Int : nil } == [3])

        // Another gate rate is another run: refused, naming the flags to pass.
        let other = try ProcessRunner.marvdash(["dynhp", "train", "--epochs", "1", "--out", dir + "/run", "--resume", "--gate-lr", "0.5"]
                                               + Self.leversWithout("--gate-lr") + Self.small)
        #expect(other.status != 0)
        #expect(other.stderr.contains("--gate-lr 0.02") && other.stderr.contains("only --epochs and --finetune may change"))
        #expect(other.stderr.split(separator: "\n").count == 1)
    }

    /// The lever flags without `flag` and its value.
    static func leversWithout(_ flag: String) -> [String] {
        guard let i = levers.firstIndex(of: flag) else { return levers }
        return Array(levers[..<i] + levers[(i + 2)...])
    }

    @Test func badLeverValuesAreOneLineErrors() throws {
        for (args, text) in [
            (["--layer-lambdas", "0.1,x"], "--layer-lambdas must be numbers joined by ','"),
            (["--layer-lambdas", "0.1,0.2,0.3"], "--layer-lambdas needs one value per gated layer (2 for --arch 784-16-10"),
            (["--temperature", "hot"], "--temperature must be a number or a fraction such as 2/3, got 'hot'"),
            (["--init-drop-input", "1"], "--init-drop-input must be between 0 and 1 (exclusive), got 1.0"),
            (["--gate-lr=-1"], "--gate-lr must be a positive rate (0: the same as --lr), got -1.0"),
            (["--finetune=-2"], "--finetune must be 0 or more epochs, got -2"),
        ] {
            let r = try ProcessRunner.marvdash(["dynhp", "train"] + args + Self.small)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.contains(text), "\(args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        }
    }

    @Test func theSyntheticDemoPrunesWithinItsFirstEpochsAtItsDefaults() throws {
        let r = try ProcessRunner.marvdash(["dynhp", "train", "--dataset", "synthetic", "--epochs", "3", "--threads", "1"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let epochs = try DynhpCLITests.lines(r.stdout).filter { $0["type"] as? String == "dynhp.epoch" }
        let params = epochs.compactMap { $0["params"] as? Int }
        #expect(params.count == 3)
        #expect((params.last ?? 266_610) < 266_610 / 2, "more than half the network is gone after 3 epochs: \(params)")
        let first = epochs.first?["samples_per_second"] as? Double ?? 0, last = epochs.last?["samples_per_second"] as? Double ?? 0
        #expect(first > 0 && last > 0)
    }
}
