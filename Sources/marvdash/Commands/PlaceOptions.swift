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

    @Option(name: .long, help: ArgumentHelp("spread, pack, balanced or edge-first.", valueName: "policy"))
    var policy: String = "spread"

    func validate() throws {
        do {
            _ = try PlacementMode(parsing: placement)
            _ = try PlacementPolicy(parsing: policy)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The request, with the configured layer labels.
    func request(rules: LayerRules) throws -> PlacementRequest {
        PlacementRequest(mode: try PlacementMode(parsing: placement), policy: try PlacementPolicy(parsing: policy), rules: rules)
    }
}
