import Foundation
import Testing

/// The Training pane in a real terminal: `marvdash --demo --metrics FILE` in tmux.
@Suite struct TrainingConsoleTests {
    static func epochLine(_ epoch: Int) -> String {
        let params = 266_610 - epoch * 20_000
        return #"{"type":"dynhp.epoch","run":"e2e-run","ts":"2026-11-29T10:0\#(epoch):00Z","epoch":\#(epoch),"epochs":6,"#
            + #""loss":\#(1.0 / Double(epoch)),"train_error":\#(0.3 - 0.03 * Double(epoch)),"val_error":0.2,"test_error":0.21,"#
            + #""params":\#(params),"params_initial":266610,"active":[784,\#(300 - 20 * epoch),100],"batch_size":\#(128 + 8 * epoch),"#
            + #""memory_bytes":\#(6_000_000 - epoch * 100_000),"flops":532400,"lr":0.001}"#
    }

    @Test func showsAFollowedMetricsFileOnTheTrainingPane() throws {
        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        let metrics = dir + "/run.jsonl"
        let start = #"{"type":"run.start","run":"e2e-run","ts":"2026-11-29T10:00:00Z","model":"mlp-784-300-100-10","dataset":"synthetic","mode":"dynhp","epochs":6}"#
        try ([start, "loading synthetic data", Self.epochLine(1), Self.epochLine(2)].joined(separator: "\n") + "\n")
            .write(toFile: metrics, atomically: true, encoding: .utf8)

        let probe = try ConsoleProbe(marvdashArguments: ["--demo", "--metrics", metrics])
        let tmux = try TmuxSession.start(scriptPath: probe.scriptPath, columns: 80, rows: 24)
        defer {
            tmux.kill()
            probe.remove()
        }
        #expect(try ProcessRunner.waitUntil(seconds: 30) { try tmux.screen().contains("Nodes") })
        try tmux.sendKeys("5")
        let shown = try ProcessRunner.waitUntil(seconds: 30) {
            let s = try tmux.screen()
            // One wait for the whole frame: a capture may land while curses is still drawing it.
            return s.contains("e2e-run") && s.contains("2/6") && s.contains("Model size") && s.contains("Error")
                && s.contains("Loss") && s.contains("Batch (samples)") && s.contains("4 of 5 charts (v: next)")
                && s.unicodeScalars.contains { $0.value > 0x2800 && $0.value <= 0x28FF }
        }
        var text = try tmux.screen()
        #expect(shown, "screen was:\n\(text)")
        #expect(text.contains("● train  ◆ val  ■ test"), "the legend tells the lines apart without colour:\n\(text)")
        // The memory chart waits behind `v` at 80x24; `l` puts the loss on a log scale.
        try tmux.sendKeys("v")
        #expect(try ProcessRunner.waitUntil(seconds: 15) { let s = try tmux.screen(); return s.contains("Memory") && s.contains("MiB┤") })
        try tmux.sendKeys("l")
        #expect(try ProcessRunner.waitUntil(seconds: 15) { try tmux.screen().contains("Loss (log)") })

        // Lines appended while the console runs show up by themselves.
        let handle = try #require(FileHandle(forWritingAtPath: metrics))
        handle.seekToEndOfFile()
        handle.write(Data((Self.epochLine(3) + "\n").utf8))
        handle.closeFile()
        let followed = try ProcessRunner.waitUntil(seconds: 30) { try tmux.screen().contains("3/6") }
        text = try tmux.screen()
        #expect(followed, "the appended epoch did not show; screen:\n\(text)")

        try tmux.sendKeys("t")
        #expect(try ProcessRunner.waitUntil(seconds: 15) { try tmux.screen().contains("LOSS") })
        try tmux.sendKeys("q")  // closes the epoch table
        #expect(try ProcessRunner.waitUntil(seconds: 15) { try !tmux.screen().contains("LOSS") })
        try tmux.sendKeys("q")
        #expect(ProcessRunner.waitUntil(seconds: 15) { probe.finished })
        #expect(probe.status == "0")
    }
}
