import Foundation
import MarvelCore

/// A `marvdash sim --nodes N --pods M` child process for the over-the-wire bench:
/// started from this very binary, waited for until its kubeconfig is written,
/// read through its `/metrics`, killed at the end.
final class SimChild {
    let process: Process
    let directory: URL
    let target: KubeTarget

    private init(process: Process, directory: URL, target: KubeTarget) {
        self.process = process
        self.directory = directory
        self.target = target
    }

    static func start(nodes: Int, pods: Int) throws -> SimChild {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let kubeconfig = directory.appendingPathComponent("kubeconfig").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0])
        process.arguments = ["sim", "--port", "0", "--nodes", String(nodes), "--pods", String(pods), "--write-kubeconfig", kubeconfig]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(600)
        while !FileManager.default.fileExists(atPath: kubeconfig) {
            guard process.isRunning, Date() < deadline else {
                process.terminate()
                throw CommandFailure("bench: marvdash sim --nodes \(nodes) --pods \(pods) did not start")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Thread.sleep(forTimeInterval: 0.2)  // the file is written whole before the announcement; be sure it is closed
        guard case .found(let target) = try KubeconfigLoader(environment: [:]).resolve(kubeconfigPath: kubeconfig) else {
            throw CommandFailure("bench: cannot read the sim's kubeconfig \(kubeconfig)")
        }
        return SimChild(process: process, directory: directory, target: target)
    }

    /// Requests the server counted so far: the API's (everything but health checks and
    /// /metrics) and the liveness probes (/readyz, /version).
    func requestCounts() throws -> (api: Int, probes: Int) {
        let text = try HTTPClient().send(HTTPRequest(url: target.server + "/metrics")).checked(url: target.server + "/metrics").bodyText
        var api = 0
        var probes = 0
        for line in text.split(separator: "\n") where line.hasPrefix("apiserver_request_total{") {
            guard let count = line.split(separator: " ").last.flatMap({ Int($0) }) else { continue }
            if line.contains(#"subresource="/metrics""#) { continue }
            if line.contains(#"subresource="/readyz""#) || line.contains(#"subresource="/version""#) {
                probes += count
            } else {
                api += count
            }
        }
        return (api, probes)
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
