import Foundation
import Testing

/// The console in a real terminal: marvdash --demo inside tmux.
@Suite struct ConsoleTmuxTests {
    private let socket = "marvdash-e2e-\(UUID().uuidString.prefix(8))"

    private func tmux(_ args: [String]) throws -> ProcessResult {
        var env = ProcessRunner.cleanEnvironment(["TERM": "xterm-256color"])
        env["TMUX"] = nil
        return try ProcessRunner.run("/usr/bin/tmux", ["-L", socket, "-f", "/dev/null"] + args, environment: env)
    }

    private func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "e2e"]).stdout }

    @Test func demoConsoleShowsLayersAndQuitsCleanly() throws {
        let dir = try ProcessRunner.tempDir()
        let before = dir + "/stty-before", after = dir + "/stty-after", status = dir + "/status"
        // The shell records the tty modes before and after marvdash, and marvdash's exit code.
        let script = "stty -a > \(before); '\(ProcessRunner.marvdashPath)' --demo; echo $? > \(status); stty -a > \(after); sleep 30"
        let started = try tmux(["new-session", "-d", "-s", "e2e", "-x", "120", "-y", "40", "sh", "-c", script])
        #expect(started.status == 0, "tmux: \(started.stderr)")
        defer { _ = try? tmux(["kill-server"]) }

        let shown = try ProcessRunner.waitUntil(seconds: 30) {
            let s = try screen()
            return s.contains("CLOUD") && s.contains("FOG") && s.contains("EDGE")
        }
        let text = try screen()
        #expect(shown, "screen was:\n\(text)")
        #expect(text.contains("psnc-cloud") || text.contains("cloud-"), "no node name on screen:\n\(text)")
        #expect(text.contains("embedded"))

        _ = try tmux(["send-keys", "-t", "e2e", "q"])
        let ended = ProcessRunner.waitUntil(seconds: 15) { FileManager.default.fileExists(atPath: after) }
        #expect(ended, "marvdash did not exit after q; screen:\n\((try? screen()) ?? "")")
        let code = (try? String(contentsOfFile: status, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(code == "0")
        let modesBefore = try String(contentsOfFile: before, encoding: .utf8)
        let modesAfter = try String(contentsOfFile: after, encoding: .utf8)
        #expect(modesBefore == modesAfter, "terminal modes changed")
        let alt = try tmux(["display-message", "-p", "-t", "e2e", "#{alternate_on}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(alt == "0", "still on the alternate screen")
    }
}
