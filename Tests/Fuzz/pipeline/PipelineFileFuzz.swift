import MarvelCore

/// A pipeline file as `marvdash plan FILE` takes it: parsed, each instance rendered from
/// the MARVEL catalogue (`Templates/`) with its `set:` values, its workloads placed, and
/// the whole plan solved on a fixed edge–fog–cloud snapshot.
enum PipelineFileFuzz {
    static let catalog = TemplateCatalog(directories: [FuzzInput.repositoryRoot + "/Templates"])

    /// Three layers over three sites, one GPU node, one tainted edge board.
    static let snapshot: PlacementSnapshot = {
        func node(_ name: String, _ layer: Layer, _ site: String, cpu: Int64, memoryGi: Int64, gpu: Int64 = 0,
                  taints: [Node.Taint] = []) -> PlacementNode {
            var allocatable = ["cpu": Quantity(value: cpu), "memory": Quantity(value: memoryGi << 30), "pods": Quantity(value: 110)]
            if gpu > 0 { allocatable["nvidia.com/gpu"] = Quantity(value: gpu) }
            return PlacementNode(name: name, labels: ["marvdash.io/layer": layer.rawValue, "kubernetes.io/hostname": name],
                                 taints: taints, layer: layer, site: site, arch: "amd64", allocatable: allocatable)
        }
        return PlacementSnapshot(nodes: [
            node("cloud1", .cloud, "PSNC", cpu: 16, memoryGi: 64), node("cloud2", .cloud, "PSNC", cpu: 16, memoryGi: 64, gpu: 2),
            node("fog-grn", .fog, "GRN", cpu: 8, memoryGi: 32), node("fog-mt", .fog, "MT", cpu: 8, memoryGi: 16),
            node("edge-grn1", .edge, "GRN", cpu: 4, memoryGi: 4), node("edge-grn2", .edge, "GRN", cpu: 4, memoryGi: 8, gpu: 1),
            node("edge-uns", .edge, "UNS", cpu: 4, memoryGi: 4,
                 taints: [Node.Taint(key: "marvdash.io/dedicated", value: "edge", effect: "NoSchedule")]),
        ])
    }()

    struct UnknownTemplate: Error {}

    static let target = FuzzTarget(
        name: "pipeline", summary: "pipeline file parse, render from the catalogue, place and plan (the `plan FILE` path)"
    ) { bytes in
        guard let pipeline = try? PipelineFile.parse(FuzzInput.text(bytes), file: "fuzz-pipeline.yaml") else { return }
        let request = PlacementRequest(mode: .auto, policy: .spread)
        guard let components = try? pipeline.components(placer: TemplatePlacer(request: request), snapshot: snapshot, render: { entry in
            guard let template = catalog.template(id: entry.template) else { throw UnknownTemplate() }
            var values = entry.values
            values["NAME"] = entry.name
            return (try template.render(values: values, automatic: AutomaticValues()), template.placement)
        }) else { return }
        _ = try? Planner(policy: request.policy).plan(components, snapshot: snapshot)
    }
}
