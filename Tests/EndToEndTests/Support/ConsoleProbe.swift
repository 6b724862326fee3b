import Foundation

/// A shell script that runs marvdash in the foreground of a terminal and
/// records around it: the tty modes before and after (`stty -a`), marvdash's
/// pid (so a test can signal it) and its exit status. The script then sleeps
/// so the pane stays open for inspection. Files live in a fresh temp folder
/// that `remove()` deletes.
struct ConsoleProbe {
    let dir: String
    let scriptPath: String

    init(marvdashArguments: [String]) throws {
        dir = try ProcessRunner.tempDir()
        scriptPath = dir + "/run.sh"
        let command = ([ProcessRunner.marvdashPath] + marvdashArguments).map(Self.quoted).joined(separator: " ")
        let script = """
            stty -a > \(Self.quoted(dir + "/stty-before"))
            sh -c 'echo $$ > "$0"; exec "$@"' \(Self.quoted(dir + "/pid")) \(command)
            echo $? > \(Self.quoted(dir + "/status"))
            stty -a > \(Self.quoted(dir + "/stty-after"))
            sleep 30
            """
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
    }

    /// marvdash's pid, once the script has started it.
    var pid: pid_t? { read("pid").flatMap { pid_t($0) } }
    /// marvdash's exit status as the shell saw it (128 + N for signal N), once it exited.
    var status: String? { read("status") }
    /// Whether marvdash has exited and the modes after it are recorded.
    var finished: Bool { FileManager.default.fileExists(atPath: dir + "/stty-after") && read("stty-after") != nil }
    /// The `stty -a` output before and after marvdash ran.
    var modes: (before: String?, after: String?) { (read("stty-before"), read("stty-after")) }

    private func read(_ name: String) -> String? {
        guard let text = try? String(contentsOfFile: dir + "/" + name, encoding: .utf8) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Removes the probe's folder (after the session is gone).
    func remove() { ProcessRunner.removeTempDir(dir) }

    /// `s` as one single-quoted shell word.
    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }
}
