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

    @Option(
        name: .long,
        help: ArgumentHelp(
            "auto, layer, node NAME or none (default: the placement the instance was deployed with).", valueName: "mode"))
    var placement: String?

    @Option(name: .long, help: ArgumentHelp("spread, pack, balanced or edge-first (default: the recorded one, else spread).", valueName: "policy"))
    var policy: String?

    @OptionGroup var tolerate: TolerateOption
    @OptionGroup var authOptions: BasicAuthOptions

    @Flag(name: .long, help: "Replace the basic-auth password of the instance's Ingresses (a new one is generated unless --auth-password-file gives it) and show it once.")
    var rotatePassword = false

    @Argument(help: ArgumentHelp("The instance name.", valueName: "name"))
    var name: String

    func validate() throws {
        do {
            if let placement { _ = try PlacementMode(parsing: placement) }
            if let policy { _ = try PlacementPolicy(parsing: policy) }
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The placement asked for, nil to keep the recorded one. A policy alone keeps the recorded mode;
    /// `--tolerate` replaces the recorded tolerations (none given keeps them).
    func request(rules: LayerRules, recorded: JSONValue) throws -> PlacementRequest? {
        let tolerations = try tolerate.tolerations()
        guard placement != nil || policy != nil || !tolerations.isEmpty else { return nil }
        let kept = PlacementRequest(record: recorded, rules: rules)
        let mode = try placement.map { try PlacementMode(parsing: $0) } ?? kept?.mode ?? .auto
        let chosen = try policy.map { try PlacementPolicy(parsing: $0) } ?? kept?.policy ?? .spread
        return PlacementRequest(
            mode: mode, policy: chosen, rules: rules, tolerations: tolerations.isEmpty ? kept?.tolerations ?? [] : tolerations)
    }

    func run() throws {
        try reportingFailures {
            let settings = try SettingsLoader().load()
            let values = try valueOptions.values()
            let session = try DeploySession(cluster: cluster, root: root)
            defer { session.close() }
            let automatic = session.automatic(source: source, settings: settings)
            var deployer = try session.deployerCheckingImages(source: source, settings: settings)
            deployer.basicAuth = try authOptions.request(settings: settings, rotate: rotatePassword)
            if authOptions.authUser == nil { deployer.basicAuth.user = nil }
            let recorded = try deployer.record(name: name, namespace: session.namespace)?.placement ?? .null
            let placed = try request(rules: settings.layerRules, recorded: recorded)
            let result: DeployResult
            do {
                result = try deployer.upgrade(
                    name: name, namespace: session.namespace, set: values, automatic: automatic, placement: placed)
            } catch DeployError.noTemplate(_, let id) {
                let template = try source.template(id, settings: settings)
                result = try deployer.upgrade(
                    name: name, namespace: session.namespace, set: values, automatic: automatic, template: template, placement: placed)
            }
            CommandWarnings.print(result.warnings)
            RevisionReport.print("upgraded", result)
            for line in DeploySession.placementLines(result.placement) { print("  \(line)") }
        }
    }
}

/// The lines upgrade and rollback print.
enum RevisionReport {
    static func print(_ verb: String, _ result: DeployResult) {
        Swift.print("\(verb) \(result.name) to revision \(result.revision) in namespace \(result.namespace):")
        for object in result.applied { Swift.print("  applied \(object)") }
        for object in result.pruned { Swift.print("  pruned \(object)") }
        for line in result.credentials?.displayLines ?? [] { Swift.print("  \(line)") }
    }
}
