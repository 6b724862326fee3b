import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash logs NAME`: the logs of an instance's pods.
struct LogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print the logs of an instance's pods (each line prefixed with [pod] or [pod/container] when there are several).",
        discussion: """
            A pod with several containers shows its default one (the kubectl.kubernetes.io/default-container \
            annotation, else the first) unless --container or --all-containers says otherwise.
            """)

    @OptionGroup var cluster: ClusterOptions
    @ParentCommand var root: Marvdash

    @Flag(name: [.short, .long], help: "Keep following the logs until interrupted.")
    var follow = false

    @Option(name: .long, help: ArgumentHelp("Only this pod of the instance.", valueName: "pod"))
    var pod: String?

    @Option(name: [.short, .long], help: ArgumentHelp("Only this container of each pod (init containers too).", valueName: "name"))
    var container: String?

    @Flag(name: .customLong("all-containers"), help: "Every container of each pod, init containers first.")
    var allContainers = false

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Only the last N lines of each container.", valueName: "n"))
    var tail: Int?

    @Argument(help: ArgumentHelp("The instance name.", valueName: "name"))
    var name: String

    func validate() throws {
        if let tail, tail < 0 { throw ValidationError("--tail must be 0 or more, got \(tail)") }
        if container != nil && allContainers { throw ValidationError("--container and --all-containers exclude each other; give one") }
        if let container, container.isEmpty { throw ValidationError("--container needs a container name") }
    }

    var containers: LogContainers {
        if allContainers { return .all }
        return container.map { .named($0) } ?? .default
    }

    func run() throws {
        try DeploySession.run(cluster: cluster, root: root) { session in
            try session.deployer.logs(
                name: name, namespace: session.namespace, pod: pod, containers: containers, follow: follow, tail: tail,
                onNote: { FileHandle.standardError.write(Data("marvdash: \($0)\n".utf8)) }
            ) { line in
                // Unbuffered, so `-f | grep` sees each line; a closed pipe stops the stream.
                (try? FileHandle.standardOutput.write(contentsOf: Data((line + "\n").utf8))) != nil
            }
        }
    }
}
