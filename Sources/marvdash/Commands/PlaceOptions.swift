import ArgumentParser
import MarvelCore

/// `--placement auto|layer|none|node NAME` and `--policy P`: how deploy and
/// the what-if commands place workloads.
struct PlaceOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "auto (pin each workload to the chosen nodes), layer (only to the chosen layer), node NAME (one node), none (leave it to the cluster).",
            valueName: "mode"))
    var placement: String = "auto"

    @Option(name: .long, help: ArgumentHelp("spread, pack, balanced, edge-first or usage (measured usage where it exceeds requests).", valueName: "policy"))
    var policy: String = "spread"

    @OptionGroup var tolerate: TolerateOption

    func validate() throws {
        do {
            _ = try PlacementMode(parsing: placement)
            _ = try PlacementPolicy(parsing: policy)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The request, with the configured layer labels and the operator's tolerations.
    func request(rules: LayerRules) throws -> PlacementRequest {
        PlacementRequest(
            mode: try PlacementMode(parsing: placement), policy: try PlacementPolicy(parsing: policy), rules: rules,
            tolerations: try tolerate.tolerations())
    }
}

/// `--tolerate KEY[=VALUE][:EFFECT]` (repeatable): taints of dedicated nodes the
/// workloads may run on. marvdash adds no toleration of its own: a node
/// dedicated with a taint (`kubectl taint nodes grnedge1 Layer=GRNEDGE1:NoSchedule`)
/// takes only what tolerates it here or in the template's `placement.tolerate`.
struct TolerateOption: ParsableArguments {
    @Option(
        name: .customLong("tolerate"),
        help: ArgumentHelp(
            "Tolerate a node taint (repeatable): KEY=VALUE:EFFECT, KEY=VALUE (every effect), KEY:EFFECT or KEY (any value).",
            valueName: "KEY[=VALUE][:EFFECT]"))
    var items: [String] = []

    func validate() throws {
        do { _ = try tolerations() } catch { throw ValidationError("--tolerate: \(error.description)") }
    }

    /// The tolerations, each once, in the order given.
    func tolerations() throws(PlacementError) -> [PlacementToleration] {
        var out: [PlacementToleration] = []
        for item in items {
            let t = try PlacementToleration(parsing: item)
            if !out.contains(t) { out.append(t) }
        }
        return out
    }
}
