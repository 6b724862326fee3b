import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash place ID`: where an instance of a template would run, and why; deploys nothing.
struct PlaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "place",
        abstract: "Show where a template's workloads would run: the decision, ranked alternatives and every rejected node's reason.",
        discussion: "Nothing is deployed. The cluster is read once (nodes and the pods already placed).")

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var source: TemplateSourceOptions
    @ParentCommand var root: Marvdash
    @OptionGroup var valueOptions: TemplateValueOptions
    @OptionGroup var placeOptions: PlaceOptions

    @Option(name: .long, help: ArgumentHelp("The instance name (default: the template's NAME value).", valueName: "name"))
    var name: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format (table or json).", valueName: "format"))
    var output: OutputFormat = .table

    @Argument(help: ArgumentHelp("The template id or a template file.", valueName: "id|file"))
    var id: String

    func run() throws {
        try reportingFailures {
            let settings = try SettingsLoader().load()
            let template = try source.template(id, settings: settings)
            var values = try valueOptions.values()
            let instance = name ?? values["NAME"] ?? template.variable(named: "NAME")?.defaultText ?? template.id
            values["NAME"] = instance
            var request = try placeOptions.request(rules: settings.layerRules)
            if case .none = request.mode { request.mode = .auto }
            let session = try DeploySession(cluster: cluster, root: root)
            defer { session.close() }
            let cluster = try session.session.client.fetchSnapshot(usage: request.policy == .usage)
            if request.policy == .usage && cluster.usage == nil {
                CommandWarnings.print(["the metrics API (metrics.k8s.io) is not available: policy usage counts requests only"])
            }
            let snapshot = PlacementSnapshot(cluster: cluster, rules: settings.layerRules)
            let embedded = session.session.embedded
            let automatic = source.automatic(settings: settings, namespace: session.namespace, embedded: embedded)
            let mirrors = RegistryChoice.mirrors(settings: settings, flag: source.registry, embedded: embedded)
            let manifests = mirrors.rewriting(try template.render(values: values, automatic: automatic))
            let placer = TemplatePlacer(request: request)
            let platforms = try source.registryChoice(settings: settings, embedded: embedded).platformSource(settings: settings)
            let claims = try session.deployer.claimBindings(for: manifests, namespace: session.namespace)
            let components = ComponentRequirement.checkingImages(
                try placer.components(manifests, rules: template.placement(values: values, automatic: automatic), snapshot: snapshot, claims: claims),
                with: platforms)
            if components.isEmpty { throw CommandFailure("template \(template.id) has no workload to place (only Services, ConfigMaps, …)") }
            let evaluations = components.map { ComponentEvaluation(CompiledComponent($0, policy: request.policy, snapshot: snapshot), snapshot: snapshot) }
            var failure: PlacementError?
            var decision: PlacementDecision?
            do { decision = try placer.decide(components, snapshot: snapshot) } catch let e as PlacementError { failure = e }
            let chosen = components.map { c in decision?.workloads.first(where: { $0.component == c.name })?.nodes ?? [] }
            switch output {
            case .json, .yaml:
                var o: JSONObject = [
                    "instance": .string(instance), "template": .string(template.id), "mode": .string(request.mode.name),
                    "policy": .string(request.policy.rawValue), "feasible": .bool(failure == nil),
                ]
                if let plan = decision?.plan { o["plan"] = plan.json }
                if let failure { o["error"] = .string(failure.description) }
                o["workloads"] = .array(evaluations.indices.map { i in
                    PlaceReport.evaluationJSON(evaluations[i], chosen: chosen[i], score: decision?.workloads[i].score)
                })
                let value = JSONValue.object(o)
                print(output == .json ? value.prettyJSONString() : YAML.emit(value), terminator: output == .json ? "\n" : "")
            case .table:
                var text = "\(instance) (template \(template.id)), placement \(request.mode)"
                if let plan = decision?.plan { text += ", " + PlaceReport.planLine(plan) }
                print(text + "\n")
                for i in evaluations.indices { print(PlaceReport.evaluation(evaluations[i], chosen: chosen[i])) }
            }
            if let failure { throw CommandFailure(failure.description) }
        }
    }
}
