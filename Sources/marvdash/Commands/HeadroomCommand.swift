import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash headroom ID`: how many more instances of a template fit, per layer, and on which nodes.
struct HeadroomCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "headroom",
        abstract: "How many more instances of a template fit in each layer, and on which nodes (nothing is deployed).")

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var source: TemplateSourceOptions
    @ParentCommand var root: Marvdash
    @OptionGroup var valueOptions: TemplateValueOptions

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Stop counting at this many instances per layer.", valueName: "n"))
    var cap: Int = 1000

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format (table or json).", valueName: "format"))
    var output: OutputFormat = .table

    @Argument(help: ArgumentHelp("The template id or a template file.", valueName: "id|file"))
    var id: String

    func validate() throws {
        guard cap >= 1 else { throw ValidationError("--cap must be at least 1, got \(cap)") }
    }

    func run() throws {
        try reportingFailures {
            let settings = try SettingsLoader().load()
            let template = try source.template(id, settings: settings)
            var values = try valueOptions.values()
            values["NAME"] = values["NAME"] ?? template.variable(named: "NAME")?.defaultText ?? template.id
            let session = try DeploySession(cluster: cluster, root: root)
            defer { session.close() }
            let snapshot = PlacementSnapshot(cluster: try session.session.client.fetchSnapshot(), rules: settings.layerRules)
            let automatic = source.automatic(settings: settings, namespace: session.namespace)
            let manifests = try template.render(values: values, automatic: automatic)
            let placer = TemplatePlacer(request: PlacementRequest(mode: .auto, policy: .pack, rules: settings.layerRules))
            var rules = try template.placement(values: values, automatic: automatic) ?? TemplatePlacement()
            // Headroom asks every layer (a layer from a variable is the operator's to choose);
            // dedicated nodes count only where the template tolerates their taint.
            if template.placementLayerVaries && values["LAYER"] == nil { rules.layer = nil }
            if rules.layer == nil { rules.prefer = [.edge, .fog, .cloud] }
            let components = try placer.components(manifests, rules: rules, snapshot: snapshot)
            if components.isEmpty { throw CommandFailure("template \(template.id) has no workload to place") }
            let report = Headroom.compute(components, snapshot: snapshot, cap: cap)
            switch output {
            case .json, .yaml:
                let value = JSONValue.object(["template": .string(template.id), "layers": .array(report.map(\.json))])
                print(output == .json ? value.prettyJSONString() : YAML.emit(value), terminator: output == .json ? "\n" : "")
            case .table:
                var rows = [["LAYER", "MORE", "NODES", "LIMIT"]]
                for h in report {
                    let nodes = h.nodes.keys.sorted().map { "\($0)×\(h.nodes[$0] ?? 0)" }.joined(separator: ", ")
                    let more = h.instances >= cap ? "≥\(cap)" : String(h.instances)
                    rows.append([h.layer.rawValue, more, nodes.isEmpty ? "-" : nodes, h.excluded ?? h.limit ?? "-"])
                }
                print("\(template.id): instances that still fit (\(components.map { "\($0.replicas)× \($0.name)" }.joined(separator: ", ")) each)\n")
                print(PlaceReport.table(rows, indent: ""), terminator: "")
            }
        }
    }
}
