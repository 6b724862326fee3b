import ArgumentParser
import MarvelCore

/// The `marvdash` command: the console, and its CLI subcommands.
@main
struct Marvdash: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "marvdash",
        abstract: "A terminal operations console for edge–fog–cloud Kubernetes clusters.",
        subcommands: [VersionCommand.self]
    )
}

/// `marvdash version`: prints the version.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the marvdash version.")
    func run() throws { print("marvdash \(MarvelCore.version)") }
}
