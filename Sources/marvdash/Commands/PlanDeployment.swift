import Foundation
import MarvelCore

/// `marvdash plan FILE --deploy`: deploys a pipeline's instances in file order, each pinned
/// to the node the plan chose for it (an instance whose pods the plan spread over several
/// nodes is placed again by the same engine, under the entry's layer and site), with the
/// entry's `tolerate:` as the operator's tolerations (kept for upgrades). A failure
/// stops the deploy and says which instances are already deployed.
struct PlanDeployment {
    let pipeline: PipelineFile
    let plan: PlacementPlan
    let policy: PlacementPolicy
    let rules: LayerRules

    func run(session: DeploySession, template load: (String) throws -> Template, automatic: AutomaticValues, quiet: Bool) throws {
        var deployed: [String] = []
        for entry in pipeline.entries {
            do {
                var template = try load(entry.template)
                var placement = template.placement ?? TemplatePlacement()
                if let layer = entry.layer { placement.layer = layer }
                if let site = entry.site { placement.site = site }
                template.placement = placement
                let nodes = Set(plan.assignments.filter { $0.group == entry.name }.map(\.node))
                let mode: PlacementMode = nodes.count == 1 ? .node(nodes.first ?? "") : .auto
                var values = entry.values
                values["NAME"] = entry.name
                let result = try session.deployer.deploy(
                    template: template, name: entry.name, values: values, namespace: session.namespace, automatic: automatic,
                    dryRun: false, placement: PlacementRequest(mode: mode, policy: policy, rules: rules, tolerations: entry.tolerate))
                deployed.append(entry.name)
                let line = "deployed \(result.name) (template \(template.id), revision \(result.revision)) on \(nodes.sorted().joined(separator: ", "))"
                if quiet { FileHandle.standardError.write(Data("marvdash: \(line)\n".utf8)) } else { print(line) }
            } catch {
                let before = deployed.isEmpty ? "nothing else was deployed"
                    : "already deployed: \(deployed.joined(separator: ", ")) (marvdash delete NAME removes one)"
                throw CommandFailure("\(pipeline.file):\(entry.mark.line):\(entry.mark.column): instance \(entry.name): \(error); \(before)")
            }
        }
    }
}
