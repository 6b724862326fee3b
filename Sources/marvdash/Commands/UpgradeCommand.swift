import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash upgrade NAME --set …`: re-renders an instance with changed values.
struct UpgradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "Re-render an instance with changed values as a new revision; prune objects it no longer has.")

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var source: TemplateSourceOptions
    @ParentCommand var root: Marvdash

    @OptionGroup var valueOptions: TemplateValueOptions

    @Argument(help: ArgumentHelp("The instance name.", valueName: "name"))
    var name: String

    func run() throws {
        try reportingFailures {
            let settings = try SettingsLoader().load()
            let values = try valueOptions.values()
            let session = try DeploySession(cluster: cluster, root: root)
            defer { session.close() }
            let automatic = source.automatic(settings: settings, namespace: session.namespace)
            let result: DeployResult
            do {
                result = try session.deployer.upgrade(name: name, namespace: session.namespace, set: values, automatic: automatic)
            } catch DeployError.noTemplate(_, let id) {
                let template = try source.template(id, settings: settings)
                result = try session.deployer.upgrade(name: name, namespace: session.namespace, set: values, automatic: automatic, template: template)
            }
            RevisionReport.print("upgraded", result)
        }
    }
}

/// The lines upgrade and rollback print.
enum RevisionReport {
    static func print(_ verb: String, _ result: DeployResult) {
        Swift.print("\(verb) \(result.name) to revision \(result.revision) in namespace \(result.namespace):")
        for object in result.applied { Swift.print("  applied \(object)") }
        for object in result.pruned { Swift.print("  pruned \(object)") }
    }
}
