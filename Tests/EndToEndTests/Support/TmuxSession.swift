import Foundation
import Glibc

/// One tmux server of its own (a private socket, no user config) with one
/// session "e2e" running a shell script, for driving the real console.
/// `kill()` ends the server; call it in a `defer`.
struct TmuxSession {
    let socket = "marvdash-e2e-\(UUID().uuidString.prefix(8))"
    let target = "e2e"

    /// Starts the session, `columns` x `rows`, running `sh scriptPath`.
    static func start(scriptPath: String, columns: Int = 120, rows: Int = 40) throws -> TmuxSession {
        let session = TmuxSession()
        let started = try session.run(["new-session", "-d", "-s", session.target, "-x", "\(columns)", "-y", "\(rows)", "sh", scriptPath])
        guard started.status == 0 else { throw TmuxFailure(what: "new-session", stderr: started.stderr) }
        return session
    }

    /// Runs a tmux command against this server.
    @discardableResult
    func run(_ args: [String]) throws -> ProcessResult {
        var env = ProcessRunner.cleanEnvironment(["TERM": "xterm-256color"])
        env["TMUX"] = nil
        return try ProcessRunner.run("/usr/bin/tmux", ["-L", socket, "-f", "/dev/null"] + args, environment: env)
    }

    /// The visible text of the pane.
    func screen() throws -> String { try run(["capture-pane", "-p", "-t", target]).stdout }

    /// The normal screen with all of its scrollback (what scrolled off the top included).
    func screenWithHistory() throws -> String { try run(["capture-pane", "-p", "-S", "-", "-t", target]).stdout }

    /// Types keys (tmux key names such as "q", "Escape", "C-d").
    func sendKeys(_ keys: String...) throws { try run(["send-keys", "-t", target] + keys) }

    /// Whether the pane is on the alternate screen (a console still drawing, or one that left it behind).
    func alternateScreenOn() throws -> Bool {
        try run(["display-message", "-p", "-t", target, "#{alternate_on}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) != "0"
    }

    /// Whether the pane's cursor is shown.
    func cursorVisible() throws -> Bool {
        try run(["display-message", "-p", "-t", target, "#{cursor_flag}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// Ends the server and removes its socket file (tmux leaves it behind).
    func kill() {
        let facts = (try? run(["display-message", "-p", "#{socket_path} #{pid}"]))?.stdout
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ") ?? []
        let socketPath = facts.first.map(String.init)
        let serverPID = facts.count > 1 ? pid_t(facts[1]) : nil
        _ = try? run(["kill-server"])
        // A server that did not take kill-server would outlive the tests with the console
        // still running in it: end it for sure (its panes get SIGHUP when their pty closes).
        if let serverPID, serverPID > 1, Glibc.kill(serverPID, 0) == 0 { _ = Glibc.kill(serverPID, SIGKILL) }
        if let socketPath, socketPath.hasSuffix("/" + socket) { unlink(socketPath) }
    }
}

/// A tmux command that failed, with what tmux said.
struct TmuxFailure: Error, CustomStringConvertible {
    var what: String
    var stderr: String
    var description: String { "tmux \(what) failed: \(stderr)" }
}
