import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash render ID`: the manifests a template makes, as a YAML stream.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a template to Kubernetes manifests (YAML on stdout, secrets as *** unless --show-secrets); needs no cluster.")

    @OptionGroup var source: TemplateSourceOptions

    /// The root command, whose `-n/--namespace` sets NAMESPACE.
    @ParentCommand var root: Marvdash

    @OptionGroup var valueOptions: TemplateValueOptions
    @OptionGroup var secrets: SecretDisplayOptions

    @Argument(help: ArgumentHelp("The template id (file name up to the first dot) or a template file.", valueName: "id"))
    var id: String

    func run() throws {
        try reportingFailures {
            let settings = try SettingsLoader().load()
            let template = try source.template(id, settings: settings)
            let values = try valueOptions.values()
            let automatic = source.automatic(settings: settings, namespace: root.cluster.namespace)
            // Images as deploy pulls them: through the configured mirrors, else from their origin.
            let manifests = ImageMirrors(settings.registry?.mirrors ?? [:]).rewriting(try template.render(values: values, automatic: automatic))
            let resolved = try template.resolvedValues(values, automatic: automatic)
            _ = try template.placement(resolved: resolved)
            let mask = SecretMask(values: resolved, secretNames: template.secretVariableNames)
            CommandWarnings.print(template.placeholderWarnings(values: resolved))
            print(YAML.emit(documents: secrets.shown(manifests, mask: mask)), terminator: "")
        }
    }
}
