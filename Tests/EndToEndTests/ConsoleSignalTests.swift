import Foundation
import Testing

/// A signal while the console runs in a real terminal: the terminal comes
/// back (same stty modes, no alternate screen) and the exit code is 128 + N.
@Suite struct ConsoleSignalTests {
    @Test(arguments: [SIGTERM, SIGHUP, SIGINT])
    func signalRestoresTheTerminal(signal: Int32) throws {
        let probe = try ConsoleProbe(marvdashArguments: ["--demo"])
        let tmux = try TmuxSession.start(scriptPath: probe.scriptPath)
        defer {
            tmux.kill()
            probe.remove()
        }

        // The console is drawing (curses started, signals caught) once the layers show.
        let drawn = try ProcessRunner.waitUntil(seconds: 30) { try tmux.screen().contains("EDGE") }
        #expect(drawn, "console never drew; screen:\n\((try? tmux.screen()) ?? "")")
        #expect(try tmux.alternateScreenOn(), "the console should draw on the alternate screen")
        let pid = try #require(probe.pid)
        #expect(kill(pid, signal) == 0)

        let ended = ProcessRunner.waitUntil(seconds: 15) { probe.finished }
        #expect(ended, "marvdash did not exit on signal \(signal); screen:\n\((try? tmux.screen()) ?? "")")
        #expect(probe.status == String(128 + signal))
        let modes = probe.modes
        #expect(modes.before != nil && modes.before == modes.after, "terminal modes changed:\n\(modes.before ?? "")\n---\n\(modes.after ?? "")")
        #expect(try !tmux.alternateScreenOn(), "still on the alternate screen")
    }

    /// Issue 12 item 2: a crash signal (sent here with kill, as a fault raises it) used to
    /// leave the alternate screen, a hidden cursor and `-onlcr -icrnl` behind, with the
    /// backtrace drawn over the console. Now the terminal comes back first and Swift's
    /// crash report follows below it.
    @Test(arguments: [SIGSEGV, SIGILL, SIGABRT])
    func aCrashRestoresTheTerminalAndTheReportFollowsBelow(signal: Int32) throws {
        let probe = try ConsoleProbe(marvdashArguments: ["--demo"])
        let tmux = try TmuxSession.start(scriptPath: probe.scriptPath)
        defer {
            tmux.kill()
            probe.remove()
        }
        try tmux.waitFor("EDGE", seconds: 30)
        #expect(try tmux.alternateScreenOn())
        #expect(try !tmux.cursorVisible(), "curses hides the cursor while the console runs")
        let pid = try #require(probe.pid)
        #expect(kill(pid, signal) == 0)

        // Swift's backtracer may offer to debug on a terminal; any key ends it.
        let ended = ProcessRunner.waitUntil(seconds: 90) {
            if probe.finished { return true }
            if (try? tmux.screen().contains("any other key to quit")) == true { try? tmux.sendKeys("q") }
            return false
        }
        #expect(ended, "marvdash did not end after signal \(signal); screen:\n\((try? tmux.screen()) ?? "")")
        #expect(probe.status == String(128 + signal))
        let modes = probe.modes
        #expect(modes.before != nil && modes.before == modes.after, "terminal modes changed:\n\(modes.before ?? "")\n---\n\(modes.after ?? "")")
        let after = " " + (modes.after ?? "").replacingOccurrences(of: "\n", with: " ") + " "
        #expect(after.contains(" onlcr ") && after.contains(" icrnl ") && after.contains(" echo "), "\(after)")
        #expect(try !tmux.alternateScreenOn(), "still on the alternate screen")
        #expect(try tmux.cursorVisible(), "the cursor is still hidden")
        // The report can be longer than the pane: its first line may have scrolled into history.
        let screen = try tmux.screenWithHistory()
        #expect(screen.contains("crashed"), "no crash report on the normal screen:\n\(screen)")
        #expect(!screen.contains("EDGE"), "the console's frame is still on screen:\n\(screen)")
    }
}
