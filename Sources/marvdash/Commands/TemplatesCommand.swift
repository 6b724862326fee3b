import ArgumentParser
import Foundation
import MarvelCore
import MarvelSim

/// Where the template commands find templates and what the automatic variables are.
struct TemplateSourceOptions: ParsableArguments {
    @Option(name: .customLong("templates"), help: ArgumentHelp("A folder of templates, searched before the built-in catalogue (repeatable).", valueName: "dir"))
    var templateDirs: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The image registry: a URL (https://host:port, http://host:port) or host:port. Templates get its host:port as REGISTRY; `images` and the placer's platform check use it (default: registry.url of the config, the embedded cluster's registry, else registry.local:5000).",
            valueName: "url"))
    var registry: String?

    @Option(name: .long, help: ArgumentHelp("One HOSTNAME for every instance (default: each instance gets <instance>.<ingress domain>).", valueName: "name"))
    var hostname: String?

    @Option(
        name: .long,
        help: ArgumentHelp("The domain instance hosts are made in: HOSTNAME is <instance>.<domain> (default: ingressDomain of the config, else marvdash.local).", valueName: "domain"))
    var ingressDomain: String?

    func validate() throws {
        if let ingressDomain, let problem = AutomaticValues.domainProblem(ingressDomain) {
            throw ValidationError("--ingress-domain \(problem)")
        }
    }

    /// The folders to search, best first: --templates, the config's templateDirs, then Templates/.
    func directories(settings: Settings) -> [String] {
        TemplateCatalog.searchDirectories(extra: templateDirs, settings: settings)
    }

    /// The automatic values; NAMESPACE is the root `--namespace`, else the config's, else "default";
    /// REGISTRY is the chosen registry's host:port (see `RegistryChoice`).
    func automatic(settings: Settings, namespace: String?, embedded: EmbeddedCluster? = nil) -> AutomaticValues {
        let host = (try? registryChoice(settings: settings, embedded: embedded).host) ?? registry ?? RegistryChoice.fallbackHost
        return AutomaticValues(
            namespace: namespace ?? settings.namespace ?? "default", hostname: hostname,
            ingressDomain: ingressDomain ?? settings.ingressDomain ?? AutomaticValues.defaultIngressDomain, registry: host)
    }

    /// The registry `--registry`, the settings or the embedded cluster name.
    func registryChoice(settings: Settings, embedded: EmbeddedCluster? = nil) throws -> RegistryChoice {
        try RegistryChoice.resolve(flag: registry, settings: settings, embedded: embedded)
    }

    /// The catalogue, printing each broken template as a warning line on stderr.
    func catalog(settings: Settings, quiet: Bool = false) -> TemplateCatalog {
        let (templates, problems) = TemplateCatalog.load(directories: directories(settings: settings))
        if !quiet {
            for problem in problems {
                FileHandle.standardError.write(Data("marvdash: skipped template: \(problem)\n".utf8))
            }
        }
        return TemplateCatalog(templates: templates)
    }

    /// A template by id, or by file path when `idOrFile` names an existing file.
    func template(_ idOrFile: String, settings: Settings) throws -> Template {
        if idOrFile.contains("/") || idOrFile.hasSuffix(".yaml") || idOrFile.hasSuffix(".yml"),
            FileManager.default.fileExists(atPath: idOrFile) {
            return try Template.load(file: idOrFile)
        }
        let (templates, problems) = TemplateCatalog.load(directories: directories(settings: settings))
        let catalog = TemplateCatalog(templates: templates)
        guard let template = catalog.template(id: idOrFile) else {
            if let problem = problems.first(where: { Template.id(forFile: $0.file) == idOrFile }) {
                throw CommandFailure(problem.description)
            }
            let known = catalog.templates.map(\.id).sorted()
            let list = known.isEmpty ? "none found" : known.joined(separator: ", ")
            throw CommandFailure("no template \"\(idOrFile)\" — known templates: \(list) (see 'marvdash templates')")
        }
        return template
    }
}

/// `marvdash templates`: the template catalogue (list, show, lint).
struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "List, show and lint deployment templates (MARVdash/Karvdash format).",
        subcommands: [TemplatesListCommand.self, TemplatesShowCommand.self, TemplatesLintCommand.self],
        defaultSubcommand: TemplatesListCommand.self)
}

/// `marvdash templates ls`: one row per template.
struct TemplatesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List the templates with layer hint and requested resources.")

    @OptionGroup var source: TemplateSourceOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format.", valueName: "format"))
    var output: OutputFormat = .table

    func run() throws {
        try reportingFailures {
            let settings = try SettingsLoader().load()
            let templates = source.catalog(settings: settings).templates.sorted { $0.id < $1.id }
            switch output {
            case .table:
                print(TemplateListing.table(templates, width: terminalWidth()), terminator: "")
            case .json:
                print(JSONValue.array(templates.map(TemplateListing.summary)).prettyJSONString())
            case .yaml:
                print(YAML.emit(.array(templates.map(TemplateListing.summary))), terminator: "")
            }
        }
    }
}

/// `marvdash templates show ID`: metadata, variables, placement and requests.
struct TemplatesShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one template: metadata, variables, placement and requests.")

    @OptionGroup var source: TemplateSourceOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format.", valueName: "format"))
    var output: OutputFormat = .table

    @Argument(help: ArgumentHelp("The template id (file name up to the first dot) or a template file.", valueName: "id"))
    var id: String

    func run() throws {
        try reportingFailures {
            let settings = try SettingsLoader().load()
            let template = try source.template(id, settings: settings)
            switch output {
            case .table: print(TemplateListing.details(template), terminator: "")
            case .json: print(TemplateListing.detailsJSON(template).prettyJSONString())
            case .yaml: print(YAML.emit(TemplateListing.detailsJSON(template)), terminator: "")
            }
        }
    }
}

/// `marvdash templates lint FILE…`: one line per finding; exit 1 on any error.
struct TemplatesLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check template files; prints file:line:col for each problem, exits 1 on any error.",
        discussion: "With no file, checks every template of the catalogue folders.")

    @OptionGroup var source: TemplateSourceOptions

    @Argument(help: ArgumentHelp("Template files to check.", valueName: "file"))
    var files: [String] = []

    func run() throws {
        let targets: [String]
        if files.isEmpty {
            let settings = try reportingFailures { try SettingsLoader().load() }
            targets = source.directories(settings: settings).flatMap(TemplateCatalog.templateFiles(in:))
        } else {
            targets = files
        }
        var errors = 0
        for file in targets {
            let diagnostics = Template.lint(file: file)
            for diagnostic in diagnostics { print(diagnostic.description) }
            errors += diagnostics.filter(\.isError).count
        }
        if errors > 0 { throw ExitCode(1) }
    }
}

/// Text and JSON views of templates for the CLI.
enum TemplateListing {
    static func requestsText(_ template: Template) -> (cpu: String, memory: String) {
        let cpu = template.resourceRequests["cpu"].map(\.cpuDisplay) ?? "-"
        let memory = template.resourceRequests["memory"].map(\.bytesDisplay) ?? "-"
        return (cpu, memory)
    }

    static func table(_ templates: [Template], width: Int) -> String {
        let header = ["ID", "NAME", "DESCRIPTION", "LAYER", "CPU", "MEM"]
        let rows = templates.map { t -> [String] in
            let (cpu, memory) = requestsText(t)
            return [t.id, t.name, t.description, t.placement?.layerHint ?? "any", cpu, memory]
        }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        // Give DESCRIPTION what is left of the width (at least 11 characters); no limit when width ≤ 0.
        let others = widths.enumerated().filter { $0.offset != 2 }.map(\.element).reduce(0, +) + 2 * (header.count - 1)
        if width > 0 { widths[2] = max(11, min(widths[2], width - others)) }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let text = cell.count > widths[i] ? String(cell.prefix(widths[i] - 1)) + "…" : cell
                return i == cells.count - 1 ? text : text.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    static func requestsJSON(_ template: Template) -> JSONValue {
        var object = JSONObject()
        for key in template.resourceRequests.keys.sorted() {
            object[key] = .string(template.resourceRequests[key]?.description ?? "0")
        }
        return .object(object)
    }

    static func placementJSON(_ p: TemplatePlacement) -> JSONValue {
        var object = JSONObject()
        if let layer = p.layer { object["layer"] = .string(layer.rawValue) }
        if !p.prefer.isEmpty { object["prefer"] = .array(p.prefer.map { .string($0.rawValue) }) }
        if let arch = p.arch { object["arch"] = .string(arch) }
        if let site = p.site { object["site"] = .string(site) }
        if let gpu = p.gpu { object["gpu"] = .int(gpu) }
        return .object(object)
    }

    static func summary(_ t: Template) -> JSONValue {
        var object = JSONObject()
        object["id"] = .string(t.id)
        object["name"] = .string(t.name)
        object["description"] = .string(t.description)
        object["layer"] = .string(t.placement?.layerHint ?? "any")
        object["requests"] = requestsJSON(t)
        object["file"] = .string(t.file)
        return .object(object)
    }

    static func variableJSON(_ v: TemplateVariable) -> JSONValue {
        var object = JSONObject()
        object["name"] = .string(v.name)
        object["default"] = .string(v.defaultText)
        if let label = v.label { object["label"] = .string(label) }
        if let help = v.help { object["help"] = .string(help) }
        object["type"] = .string(v.effectiveType.rawValue)
        if !v.choices.isEmpty { object["choices"] = .array(v.choices.map { .string($0) }) }
        if v.isAutomatic { object["automatic"] = .bool(true) }
        if v.isSecret { object["secret"] = .bool(true) }
        return .object(object)
    }

    static func detailsJSON(_ t: Template) -> JSONValue {
        guard case .object(var object) = summary(t) else { return summary(t) }
        object["singleton"] = .bool(t.singleton)
        object["auth"] = .bool(t.auth)
        object["datasets"] = .bool(t.datasets)
        object["variables"] = .array(t.variables.map(variableJSON))
        if let p = t.placement { object["placement"] = placementJSON(p) }
        object["documents"] = .int(t.documents.count)
        return .object(object)
    }

    static func details(_ t: Template) -> String {
        var lines = [
            "ID:          \(t.id)",
            "Name:        \(t.name)",
            "Description: \(t.description)",
            "File:        \(t.file)",
            "Singleton:   \(t.singleton ? "yes" : "no")",
            "Layer:       \(t.placement?.layerHint ?? "any")",
        ]
        if let p = t.placement {
            var parts: [String] = []
            if let layer = p.layer { parts.append("layer=\(layer.rawValue)") }
            if !p.prefer.isEmpty { parts.append("prefer=\(p.prefer.map(\.rawValue).joined(separator: ","))") }
            if let arch = p.arch { parts.append("arch=\(arch)") }
            if let site = p.site { parts.append("site=\(site)") }
            if let gpu = p.gpu { parts.append("gpu=\(gpu)") }
            lines.append("Placement:   \(parts.joined(separator: " "))")
        }
        let requests = t.resourceRequests.keys.sorted().map { key -> String in
            let q = t.resourceRequests[key] ?? .zero
            return "\(key)=\(key == "cpu" ? q.cpuDisplay : key == "memory" ? q.bytesDisplay : q.description)"
        }
        lines.append("Requests:    \(requests.isEmpty ? "-" : requests.joined(separator: " "))")
        lines.append("Variables:")
        for v in t.variables {
            var line = "  \(v.name) = \(v.defaultText.isEmpty ? "\"\"" : v.defaultText)  (\(v.effectiveType.rawValue)"
            if !v.choices.isEmpty { line += ": \(v.choices.joined(separator: "|"))" }
            line += v.isAutomatic ? ", automatic)" : v.isSecret ? ", secret)" : ")"
            if let label = v.label { line += "  \(label)" }
            if let help = v.help { line += " — \(help)" }
            lines.append(line)
        }
        for warning in t.warnings { lines.append(warning.description) }
        return lines.joined(separator: "\n") + "\n"
    }
}
