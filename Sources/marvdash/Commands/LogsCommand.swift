import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash logs NAME`: the logs of an instance's pods.
struct LogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print the logs of an instance's pods (each line prefixed with its pod when there are several).")

    @OptionGroup var cluster: ClusterOptions
    @ParentCommand var root: Marvdash

    @Flag(name: [.short, .long], help: "Keep following the logs until interrupted.")
    var follow = false

    @Option(name: .long, help: ArgumentHelp("Only this pod of the instance.", valueName: "pod"))
    var pod: String?

    @Option(name: .long, help: ArgumentHelp("Only the last N lines of each pod.", valueName: "n"))
    var tail: Int?

    @Argument(help: ArgumentHelp("The instance name.", valueName: "name"))
    var name: String

    func run() throws {
        try DeploySession.run(cluster: cluster, root: root) { session in
            try session.deployer.logs(name: name, namespace: session.namespace, pod: pod, follow: follow, tail: tail) { line in
                // Unbuffered, so `-f | grep` sees each line; a closed pipe stops the stream.
                (try? FileHandle.standardOutput.write(contentsOf: Data((line + "\n").utf8))) != nil
            }
        }
    }
}
