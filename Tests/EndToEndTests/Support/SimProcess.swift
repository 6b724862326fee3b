import Foundation
import Testing

/// A `marvdash sim` child serving the embedded cluster, its kubeconfig, stdout and stderr in
/// a temporary folder. `start` waits (generous deadline) until the kubeconfig is written;
/// `stop` kills it if still running and removes the folder.
final class SimProcess {
    let directory: String
    let kubeconfig: String
    let pid: pid_t
    private var reaped = false

    /// `--kubeconfig FILE` for the CLI and the console.
    var kubeconfigArguments: [String] { ["--kubeconfig", kubeconfig] }

    private init(directory: String, kubeconfig: String, pid: pid_t) {
        self.directory = directory
        self.kubeconfig = kubeconfig
        self.pid = pid
    }

    /// `arguments` are added to `marvdash sim` (`--token T`, `--nodes N`).
    static func start(_ arguments: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> SimProcess {
        let dir = try ProcessRunner.tempDir()
        let kubeconfig = dir + "/kubeconfig"
        let pid = try ProcessRunner.spawn(
            ProcessRunner.marvdashPath, ["sim", "--port", "0", "--write-kubeconfig", kubeconfig] + arguments,
            environment: ProcessRunner.cleanEnvironment(), stdout: dir + "/out", stderr: dir + "/err")
        let sim = SimProcess(directory: dir, kubeconfig: kubeconfig, pid: pid)
        let written = ProcessRunner.waitUntil(seconds: 30) { FileManager.default.fileExists(atPath: kubeconfig) }
        #expect(written, "marvdash sim never wrote \(kubeconfig)", sourceLocation: sourceLocation)
        return sim
    }

    /// Sends SIGINT and returns the exit status `waitpid` reports.
    func interrupt() -> Int32 {
        kill(pid, SIGINT)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        reaped = true
        return status
    }

    func stop() {
        if !reaped {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            reaped = true
        }
        ProcessRunner.removeTempDir(directory)
    }
}
