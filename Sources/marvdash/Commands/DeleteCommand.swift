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

    @Argument(help: ArgumentHelp("The instance name.", valueName: "name"))
    var name: String

    func run() throws {
        try DeploySession.run(cluster: cluster, root: root) { session in
            if !yes {
                guard isatty(STDIN_FILENO) == 1 else {
                    throw CommandFailure("delete \(name): stdin is not a terminal, so nothing was deleted; add --yes to confirm")
                }
                FileHandle.standardError.write(Data("Delete instance \(name) in namespace \(session.namespace) and all its objects? [y/N] ".utf8))
                let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
                guard answer == "y" || answer == "yes" else {
                    throw CommandFailure("delete \(name): not confirmed; nothing was deleted")
                }
            }
            let removed = try session.deployer.delete(name: name, namespace: session.namespace)
            print("deleted \(name) in namespace \(session.namespace):")
            for object in removed { print("  removed \(object)") }
        }
    }
}
