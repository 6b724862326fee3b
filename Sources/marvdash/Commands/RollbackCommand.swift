import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash rollback NAME [--revision N]`: re-applies a kept revision.
struct RollbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Re-apply a kept revision of an instance (default: the previous one) as a new revision.")

    @OptionGroup var cluster: ClusterOptions
    @ParentCommand var root: Marvdash

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("The revision to restore (see `services -o yaml`).", valueName: "n"))
    var revision: Int?

    @Argument(help: ArgumentHelp("The instance name.", valueName: "name"))
    var name: String

    func validate() throws {
        if let revision, revision < 1 { throw ValidationError("--revision must be 1 or more, got \(revision)") }
    }

    func run() throws {
        try DeploySession.run(cluster: cluster, root: root) { session in
            let result = try session.deployer.rollback(name: name, namespace: session.namespace, revision: revision)
            RevisionReport.print("rolled back", result)
        }
    }
}
