import ArgumentParser
import MarvelCore

/// `marvdash version`: prints the version.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the marvdash version.")
    func run() throws { print("marvdash \(MarvelCore.version)") }
}
