import Foundation

/// The result of running a program to completion.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs programs for the end-to-end tests: the built marvdash binary, tmux, kubectl.
enum ProcessRunner {
    /// The marvdash binary built next to this test bundle (or `$MARVDASH_BIN`).
    static var marvdashPath: String {
        if let p = ProcessInfo.processInfo.environment["MARVDASH_BIN"], !p.isEmpty { return p }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // The test runner lives in <products>/marvdashPackageTests.xctest or inside it.
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("marvdash").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("marvdash").path
    }

    /// An empty HOME shared by every run (the binary only reads it), so
    /// environments don't leave a folder behind per call.
    static let emptyHome: String = {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-e2e-empty-home").path
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        return home
    }()

    /// A clean environment for the binary: no kubeconfig leaks in from the machine, and
    /// the same UTF-8 locale whether the tests run from a shell or from CI's empty
    /// environment (where the console would otherwise draw in its ASCII mode).
    /// `extra` overrides, e.g. LANG=C to test the ASCII mode.
    static func cleanEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        var env: [String: String] = [:]
        let keep = ["PATH", "TMPDIR"]
        for k in keep { if let v = ProcessInfo.processInfo.environment[k] { env[k] = v } }
        env["LANG"] = "C.UTF-8"
        let home = emptyHome
        env["HOME"] = home
        env["XDG_CONFIG_HOME"] = home + "/.config"
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Runs `path args` with stdin from /dev/null and waits for it (posix_spawn +
    /// waitpid). Output goes to files, not pipes: a daemon the program starts
    /// (tmux's server) keeps inherited descriptors open long after the program
    /// itself has exited, which would hang a reader waiting for EOF.
    static func run(_ path: String, _ args: [String], environment: [String: String]? = nil) throws -> ProcessResult {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outPath = dir + "/stdout", errPath = dir + "/stderr"
        let pid = try spawn(path, args, environment: environment, stdout: outPath, stderr: errPath)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ProcessResult(
            status: code,
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// Starts `path args` with stdin from /dev/null and stdout/stderr to files; returns its pid.
    static func spawn(
        _ path: String, _ args: [String], environment: [String: String]?, stdout: String, stderr: String
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
        return pid
    }

    /// Runs marvdash with a clean environment.
    static func marvdash(_ args: [String], environment extra: [String: String] = [:]) throws -> ProcessResult {
        try run(marvdashPath, args, environment: cleanEnvironment(extra))
    }

    /// Polls `condition` until it holds or `seconds` pass; returns whether it held.
    static func waitUntil(seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(100_000)
        }
        return try condition()
    }

    /// A fresh temporary directory; remove it with `removeTempDir` when done.
    static func tempDir() throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// Removes a folder made by `tempDir` (quietly; it is only clean-up).
    static func removeTempDir(_ dir: String) {
        try? FileManager.default.removeItem(atPath: dir)
    }
}
