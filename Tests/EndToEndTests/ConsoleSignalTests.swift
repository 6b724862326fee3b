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
}
