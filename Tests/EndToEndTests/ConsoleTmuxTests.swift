import Foundation
import Testing

/// The console in a real terminal: marvdash --demo inside tmux.
@Suite struct ConsoleTmuxTests {
    @Test func demoConsoleShowsLayersAndQuitsCleanly() throws {
        let probe = try ConsoleProbe(marvdashArguments: ["--demo"])
        let tmux = try TmuxSession.start(scriptPath: probe.scriptPath)
        defer {
            tmux.kill()
            probe.remove()
        }

        let shown = try ProcessRunner.waitUntil(seconds: 30) {
            let s = try tmux.screen()
            // One wait for the whole frame: a capture may land while curses is still drawing it.
            return s.contains("CLOUD") && s.contains("FOG") && s.contains("EDGE") && s.contains("embedded")
                && (s.contains("psnc-cloud") || s.contains("cloud-"))
        }
        let text = try tmux.screen()
        #expect(shown, "screen was:\n\(text)")
        #expect(text.contains("psnc-cloud") || text.contains("cloud-"), "no node name on screen:\n\(text)")
        #expect(text.contains("embedded"))

        try tmux.sendKeys("q")
        let ended = ProcessRunner.waitUntil(seconds: 15) { probe.finished }
        #expect(ended, "marvdash did not exit after q; screen:\n\((try? tmux.screen()) ?? "")")
        #expect(probe.status == "0")
        let modes = probe.modes
        #expect(modes.before != nil && modes.before == modes.after, "terminal modes changed")
        #expect(try !tmux.alternateScreenOn(), "still on the alternate screen")
    }

    @Test func homeAndEndWorkWhenTerminfoDoesNotListTheirSequences() throws {
        // tmux sends ESC[1~ / ESC[4~ for Home/End; xterm's terminfo lists ESC OH / ESC OF.
        // Unknown to curses, End would arrive as Esc, "[", "4", "~" and switch to pane 4.
        let probe = try ConsoleProbe(marvdashArguments: ["--demo"])
        let script = try String(contentsOfFile: probe.scriptPath, encoding: .utf8)
        try ("TERM=xterm-256color; export TERM\n" + script).write(toFile: probe.scriptPath, atomically: true, encoding: .utf8)
        let tmux = try TmuxSession.start(scriptPath: probe.scriptPath)
        defer {
            tmux.kill()
            probe.remove()
        }
        #expect(try ProcessRunner.waitUntil(seconds: 30) { try tmux.screen().contains("EDGE") })

        try tmux.sendKeys("End")
        try tmux.sendKeys("Enter")
        // The node detail's "Resources" section starts its line (the tab bar's "6 Resources" does not).
        func detailShown(_ screen: String) -> Bool { screen.split(separator: "\n").contains { $0.hasPrefix("Resources") } }
        let detail = try ProcessRunner.waitUntil(seconds: 15) { detailShown(try tmux.screen()) }
        let text = try tmux.screen()
        #expect(detail, "End then Enter did not open the last node; screen:\n\(text)")
        #expect(!text.contains("repositor"), "End was read as Esc [ 4 ~ and switched to the Images pane:\n\(text)")
        // q in the node detail goes back to the list (as Esc does); q there quits.
        try tmux.sendKeys("q")
        try tmux.waitFor("the node list again") { $0.contains("EDGE") && !detailShown($0) }
        #expect(!probe.finished, "q in the node detail quit the console")
        try tmux.sendKeys("q")
        #expect(ProcessRunner.waitUntil(seconds: 15) { probe.finished })
    }
}
