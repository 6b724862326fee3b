import Foundation
import Testing

/// Runs the real kubectl against a kubeconfig, with a private HOME and cache
/// folder so the machine's own kubectl state never leaks in.
struct KubectlRunner {
    static let path = "/usr/bin/kubectl"

    /// One finished kubectl run.
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    var kubeconfig: String
    /// Private folder for HOME and kubectl's discovery cache.
    var workDirectory: URL

    /// Runs kubectl with `args`; `environment` adds variables (EDITOR for `kubectl edit`).
    func run(_ args: [String], environment: [String: String] = [:]) throws -> Run {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.path),
            "kubectl is not installed at \(Self.path): install it (make deps) to run the kubectl compatibility tests")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.path)
        process.arguments =
            ["--kubeconfig", kubeconfig, "--cache-dir", workDirectory.appendingPathComponent("cache").path,
             "--request-timeout=20s"] + args
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = workDirectory.path
        env["KUBECONFIG"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes to the end before waiting, so a full pipe can't block kubectl.
        let errData = TestPipeReader(err.fileHandleForReading)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.finish(), as: UTF8.self))
    }
}
