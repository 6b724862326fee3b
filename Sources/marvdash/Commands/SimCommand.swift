import ArgumentParser
import Dispatch
import Foundation
import MarvelSim

/// `marvdash sim`: serves the embedded cluster alone until interrupted, so
/// kubectl and other tools can use it.
struct SimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Serve the embedded cluster on 127.0.0.1 until interrupted (Ctrl-C).",
        discussion: "Example: marvdash sim --port 8001 --write-kubeconfig /tmp/marvdash.kubeconfig; then kubectl --kubeconfig /tmp/marvdash.kubeconfig get nodes")

    @Option(name: .long, parsing: .unconditional, help: "TCP port on 127.0.0.1 (0 picks a free one).")
    var port: Int = 0

    @Option(name: .customLong("write-kubeconfig"), help: ArgumentHelp("Write a kubeconfig for the served cluster to this file.", valueName: "file"))
    var writeKubeconfig: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535, got \(port)") }
    }

    func run() throws {
        try reportingFailures {
            // Catch signals before announcing the server: a script that reads the
            // announcement (or the kubeconfig) and stops us at once must get a clean stop.
            let signals = SignalWaiter()
            let cluster: EmbeddedCluster
            do {
                cluster = try EmbeddedCluster.start(port: port)
            } catch {
                throw CommandFailure("cannot serve the embedded cluster on 127.0.0.1:\(port): \(error)")
            }
            defer { cluster.stop() }
            if let path = writeKubeconfig {
                do {
                    try cluster.writeKubeconfig(to: path)
                } catch {
                    throw CommandFailure("--write-kubeconfig \(path): \(error)")
                }
            }
            print("marvdash: embedded cluster serving at \(cluster.serverURL)")
            if let path = writeKubeconfig { print("marvdash: kubeconfig written to \(path); try: kubectl --kubeconfig \(path) get nodes") }
            print("marvdash: press Ctrl-C to stop")
            fflush(nil)
            let signal = signals.wait()
            print("marvdash: stopping (\(signal == SIGINT ? "interrupted" : "terminated"))")
        }
    }
}
