import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash plan FILE`: places a pipeline of several instances at once; deploys nothing.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Place a pipeline (several template instances with co-location, same-site and anti-affinity rules) at once.",
        discussion: """
            FILE lists instances: `instances: [{template, name, set: {K: V}, layer, site, colocate-with, \
            same-site-as, anti-affinity}]`. Small plans get an exact search (proved optimal for the \
            policy's cost), large ones a regret heuristic. Nothing is deployed unless --deploy: then \
            each instance is deployed in file order, pinned where the plan put it.
            """)

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var source: TemplateSourceOptions
    @ParentCommand var root: Marvdash

    @Option(name: .long, help: ArgumentHelp("spread, pack, balanced, edge-first or usage (measured usage where it exceeds requests).", valueName: "policy"))
    var policy: String = "spread"

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format (table or json).", valueName: "format"))
    var output: OutputFormat = .table

    @Argument(help: ArgumentHelp("The pipeline file (YAML).", valueName: "file"))
    var file: String

    @Flag(help: "Deploy every instance of the plan, in file order, on the nodes the plan chose.")
    var deploy = false

    func validate() throws {
        do { _ = try PlacementPolicy(parsing: policy) } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        try reportingFailures {
            let settings = try SettingsLoader().load()
            let text = try PipelineFile.readText(file)
            let pipeline = try PipelineFile.parse(text, file: file)
            let request = PlacementRequest(mode: .auto, policy: try PlacementPolicy(parsing: policy), rules: settings.layerRules)
            let session = try DeploySession(cluster: cluster, root: root)
            defer { session.close() }
            let cluster = try session.session.client.fetchSnapshot(usage: request.policy == .usage)
            if request.policy == .usage && cluster.usage == nil {
                CommandWarnings.print(["the metrics API (metrics.k8s.io) is not available: policy usage counts requests only"])
            }
            let snapshot = PlacementSnapshot(cluster: cluster, rules: settings.layerRules)
            let automatic = source.automatic(settings: settings, namespace: session.namespace)
            let components = try pipeline.components(placer: TemplatePlacer(request: request), snapshot: snapshot) { entry in
                let template = try source.template(entry.template, settings: settings)
                var values = entry.values
                values["NAME"] = entry.name
                return (try template.render(values: values, automatic: automatic), try template.placement(values: values, automatic: automatic))
            }
            let plan = try Planner(policy: request.policy).plan(components, snapshot: snapshot)
            switch output {
            case .json, .yaml:
                var o = plan.json.objectValue ?? JSONObject()
                o["file"] = .string(file)
                let value = JSONValue.object(o)
                print(output == .json ? value.prettyJSONString() : YAML.emit(value), terminator: output == .json ? "\n" : "")
            case .table:
                print("\(file): \(pipeline.entries.count) instances, \(plan.assignments.count) pods; " + PlaceReport.planLine(plan) + "\n")
                var rows = [["INSTANCE", "WORKLOAD", "REPLICA", "NODE", "LAYER", "SITE"]]
                for a in plan.assignments {
                    let node = snapshot.index(of: a.node).map { snapshot.nodes[$0] }
                    let workload = a.component.hasPrefix(a.group + ":") ? String(a.component.dropFirst(a.group.count + 1)) : a.component
                    rows.append([a.group, workload, String(a.replica), a.node, node?.layer.rawValue ?? "-", node.map { $0.site.isEmpty ? "-" : $0.site } ?? "-"])
                }
                print(PlaceReport.table(rows, indent: ""), terminator: "")
            }
            if deploy {
                try PlanDeployment(pipeline: pipeline, plan: plan, policy: request.policy, rules: settings.layerRules)
                    .run(session: session, template: { try source.template($0, settings: settings) },
                         automatic: automatic, quiet: output != .table)
            }
        }
    }
}
