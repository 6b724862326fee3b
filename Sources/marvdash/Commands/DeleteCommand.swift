import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash delete NAME`: removes every object of an instance, then its record.
struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete an instance: every object it created, then its record.")

    @OptionGroup var cluster: ClusterOptions
    @ParentCommand var root: Marvdash

    @Flag(name: [.short, .long], help: "Do not ask for confirmation (needed when stdin is not a terminal).")
    var yes = false

    @Flag(name: .long, help: "Also remove the claims holding the instance's data (its PRIVATE claim and its StatefulSets' claims); the namespace's SHARED claim is never removed.")
    var purge = false

    @Argument(help: ArgumentHelp("The instance name.", valueName: "name"))
    var name: String

    func run() throws {
        try DeploySession.run(cluster: cluster, root: root) { session in
            if !yes {
                guard isatty(STDIN_FILENO) == 1 else {
                    throw CommandFailure("delete \(name): stdin is not a terminal, so nothing was deleted; add --yes to confirm")
                }
                FileHandle.standardError.write(Data("Delete instance \(name) in namespace \(session.namespace) and all its objects\(purge ? ", and the claims holding its data" : "")? [y/N] ".utf8))
                let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
                guard answer == "y" || answer == "yes" else {
                    throw CommandFailure("delete \(name): not confirmed; nothing was deleted")
                }
            }
            let removal = try session.deployer.remove(name: name, namespace: session.namespace, purge: purge)
            print("deleted \(name) in namespace \(session.namespace):")
            for object in removal.removed { print("  removed \(object)") }
            for claim in removal.keptClaims { print("  kept PersistentVolumeClaim/\(claim) (its data; delete --purge removes it)") }
        }
    }
}
