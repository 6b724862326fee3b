import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Runs a credential plugin once: stdout is captured (the ExecCredential);
/// stderr is captured too unless the plugin runs interactively, when it shares
/// the terminal's stdin and stderr so its prompts show. Both pipes are read
/// together (no deadlock on a chatty plugin) up to `maxOutput` bytes each.
struct ExecPluginProcess {
    /// How a run ended.
    struct Outcome {
        /// The exit code, or nil when a signal ended it.
        var exitCode: Int32?
        var signal: Int32?
        var stdout: [UInt8]
        var stderr: [UInt8]
        var timedOut: Bool

        var statusText: String {
            if timedOut { return "stopped after the time limit" }
            if let signal { return "killed by signal \(signal)" }
            return "exit code \(exitCode ?? -1)"
        }
    }

    /// Why the plugin did not start.
    enum StartError: Error {
        case notFound
        case other(String)
    }

    var command: String
    var arguments: [String]
    /// The whole environment of the plugin.
    var environment: [String: String]
    var interactive: Bool
    /// Seconds before the plugin is killed; 0 = no limit.
    var timeout: Double
    var maxOutput = 1 << 20

    func run() throws(StartError) -> Outcome {
        var stdoutPipe: [Int32] = [-1, -1]
        var stderrPipe: [Int32] = [-1, -1]
        guard Self.pipe(&stdoutPipe) else { throw .other(String(cString: strerror(errno))) }
        if !interactive, !Self.pipe(&stderrPipe) {
            let detail = String(cString: strerror(errno))
            close(stdoutPipe[0])
            close(stdoutPipe[1])
            throw .other(detail)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if !interactive {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        }
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)

        let argv: [UnsafeMutablePointer<CChar>?] = ([command] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let spawned = command.contains("/")
            ? posix_spawn(&pid, command, &actions, nil, argv, envp)
            : posix_spawnp(&pid, command, &actions, nil, argv, envp)
        close(stdoutPipe[1])
        if !interactive { close(stderrPipe[1]) }
        guard spawned == 0 else {
            close(stdoutPipe[0])
            if !interactive { close(stderrPipe[0]) }
            if spawned == ENOENT || spawned == ENOTDIR { throw .notFound }
            throw .other(String(cString: strerror(spawned)))
        }
        let (out, err, timedOut) = collect(stdout: stdoutPipe[0], stderr: interactive ? -1 : stderrPipe[0], pid: pid)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signalled = (status & 0x7F) != 0
        return Outcome(
            exitCode: signalled ? nil : (status >> 8) & 0xFF, signal: signalled ? status & 0x7F : nil, stdout: out, stderr: err,
            timedOut: timedOut)
    }

    /// A pipe whose ends child processes do not inherit (the plugin gets them through dup2).
    private static func pipe(_ fds: inout [Int32]) -> Bool {
        guard Glibc.pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// Reads both pipes until they close (or the time runs out: the plugin is then killed).
    private func collect(stdout: Int32, stderr: Int32, pid: pid_t) -> ([UInt8], [UInt8], Bool) {
        var buffers: [[UInt8]] = [[], []]
        var open = [stdout, stderr]
        let deadline = timeout > 0 ? Date().addingTimeInterval(timeout) : nil
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        var timedOut = false
        while open.contains(where: { $0 >= 0 }) {
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            var wait: Int32 = -1
            if let deadline {
                let left = deadline.timeIntervalSinceNow
                if left <= 0 {
                    timedOut = true
                    kill(pid, SIGKILL)
                    break
                }
                wait = Int32(min(left * 1000, 1000).rounded(.up))
            }
            let ready = poll(&fds, nfds_t(fds.count), wait)
            if ready < 0 && errno != EINTR { break }
            for i in fds.indices where open[i] >= 0 && fds[i].revents != 0 {
                let n = chunk.withUnsafeMutableBytes { read(open[i], $0.baseAddress, $0.count) }
                if n > 0 {
                    let room = max(0, maxOutput - buffers[i].count)
                    buffers[i] += chunk[0..<min(n, room)]
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(open[i])
                    open[i] = -1
                }
            }
        }
        for fd in open where fd >= 0 { close(fd) }
        return (buffers[0], buffers[1], timedOut)
    }
}
