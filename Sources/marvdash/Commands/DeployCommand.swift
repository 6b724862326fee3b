import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash deploy ID|FILE`: renders a template and applies it as a named instance.
struct DeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Deploy a template as a named instance (server-side apply plus an instance record).")

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var source: TemplateSourceOptions
    @ParentCommand var root: Marvdash

    @Option(name: .long, help: ArgumentHelp("The instance name (default: the template's NAME value).", valueName: "name"))
    var name: String?

    @OptionGroup var valueOptions: TemplateValueOptions
    @OptionGroup var secrets: SecretDisplayOptions
    @OptionGroup var placeOptions: PlaceOptions
    @OptionGroup var authOptions: BasicAuthOptions

    @Flag(name: .long, help: "Render and ask the server (dryRun=All); change nothing and print the manifests (secrets as *** unless --show-secrets).")
    var dryRun = false

    @Argument(help: ArgumentHelp("The template id or a template file.", valueName: "id|file"))
    var id: String

    func run() throws {
        try reportingFailures {
            let settings = try SettingsLoader().load()
            let template = try source.template(id, settings: settings)
            let values = try valueOptions.values()
            let instanceName = name ?? values["NAME"] ?? template.variable(named: "NAME")?.defaultText ?? template.id
            let session = try DeploySession(cluster: cluster, root: root)
            defer { session.close() }
            var deployer = try session.deployerCheckingImages(source: source, settings: settings)
            deployer.basicAuth = try authOptions.request(settings: settings, rotate: false)
            let result = try deployer.deploy(
                template: template, name: instanceName, values: values, namespace: session.namespace,
                automatic: session.automatic(source: source, settings: settings), dryRun: dryRun,
                placement: try placeOptions.request(rules: settings.layerRules))
            CommandWarnings.print(result.warnings)
            if dryRun {
                let objects = result.objects.map(DeploySession.withoutManagedFields)
                print(YAML.emit(documents: secrets.shown(objects, mask: result.secretMask)), terminator: "")
                FileHandle.standardError.write(Data("marvdash: dry run: the server accepted \(result.applied.count) objects; nothing was changed\n".utf8))
            } else {
                print("deployed \(result.name) (template \(template.id), revision \(result.revision)) in namespace \(result.namespace):")
                for object in result.applied { print("  applied \(object)") }
                for line in DeploySession.placementLines(result.placement) { print("  \(line)") }
                for line in result.credentials?.displayLines ?? [] { print("  \(line)") }
            }
        }
    }
}
