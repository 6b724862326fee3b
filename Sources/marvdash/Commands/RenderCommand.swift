import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash render ID`: the manifests a template makes, as a YAML stream.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a template to Kubernetes manifests (YAML on stdout); needs no cluster.")

    @OptionGroup var source: TemplateSourceOptions

    /// The root command, whose `-n/--namespace` sets NAMESPACE.
    @ParentCommand var root: Marvdash

    @Option(name: .customLong("set"), help: ArgumentHelp("Set a variable (repeatable); wins over -f.", valueName: "NAME=value"))
    var assignments: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("A YAML mapping of variable values.", valueName: "values.yaml"))
    var file: String?

    @Argument(help: ArgumentHelp("The template id (file name up to the first dot) or a template file.", valueName: "id"))
    var id: String

    func run() throws {
        try reportingFailures {
            let settings = try SettingsLoader().load()
            let template = try source.template(id, settings: settings)
            var values = try file.map(TemplateValuesFile.load) ?? [:]
            for (key, value) in try TemplateValuesFile.parse(assignments: assignments) { values[key] = value }
            let manifests = try template.render(values: values, automatic: source.automatic(settings: settings, namespace: root.cluster.namespace))
            print(YAML.emit(documents: manifests), terminator: "")
        }
    }
}

/// Variable values from `-f values.yaml` and `--set K=V`.
enum TemplateValuesFile {
    static func load(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure("\(path): cannot read the values file — check the path")
        }
        let documents = try YAML.parse(text, file: path)
        guard let root = documents.first else { return [:] }
        guard case .mapping(let pairs) = root.kind else {
            throw CommandFailure("\(path):\(root.mark): values must be a mapping of NAME: value")
        }
        var values: [String: String] = [:]
        for pair in pairs {
            guard let key = pair.key.scalar, let value = pair.value.scalar else {
                throw CommandFailure("\(path):\(pair.key.mark): each value must be a single scalar (NAME: value)")
            }
            values[key] = value
        }
        return values
    }

    static func parse(assignments: [String]) throws -> [(String, String)] {
        try assignments.map { item in
            guard let eq = item.firstIndex(of: "="), eq != item.startIndex else {
                throw CommandFailure("--set \(item): write NAME=value")
            }
            return (String(item[..<eq]), String(item[item.index(after: eq)...]))
        }
    }
}
