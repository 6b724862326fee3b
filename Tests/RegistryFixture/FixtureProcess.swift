import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Child processes for fixtures, started with posix_spawn so the test owns
/// their end (SIGKILL by pid, then reaped), output to files.
public enum FixtureProcess {
    /// Starts `path args` with stdin from /dev/null and stdout/stderr appended to the files.
    public static func spawn(_ path: String, _ args: [String], environment: [String: String], stdout: String, stderr: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        if stderr == stdout {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for a in argv { free(a) }
            for e in envp { free(e) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard status == 0 else { throw FixtureError("cannot run \(path): \(String(cString: strerror(status)))") }
        return pid
    }

    /// Whether `pid` has exited (reaps it when it has).
    public static func exited(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid
    }

    /// SIGKILL and reap.
    public static func kill(_ pid: pid_t) {
        _ = Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    /// Runs a program to its end and returns its stdout (stdin from /dev/null); throws when it fails.
    public static func output(_ path: String, _ args: [String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-fixture-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pid = try spawn(path, args, environment: ProcessInfo.processInfo.environment, stdout: dir + "/out", stderr: dir + "/err")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let out = (try? String(contentsOfFile: dir + "/out", encoding: .utf8)) ?? ""
        guard (status & 0x7F) == 0, (status >> 8) & 0xFF == 0 else {
            let err = (try? String(contentsOfFile: dir + "/err", encoding: .utf8)) ?? ""
            throw FixtureError("\(path) \(args.first ?? "") failed: \(err.suffix(500))")
        }
        return out
    }
}
