import MarvelCore

/// The placement part of a deploy flow's preview: the query it asks the
/// backend, the keys that change the placement, and the refusal of an
/// impossible one.
extension DeployFlow {
    /// What the preview asks the backend to place (the current values and placement).
    public func placementQuery(context: PaneContext, placement: ConsolePlacement? = nil) -> PlacementQuery {
        var values = form.values
        if let instance = upgrading { values["NAME"] = instance.name }
        return PlacementQuery(
            templateID: template.id, instance: instanceName, values: values, namespace: namespace(context: context),
            placement: placement ?? self.placement)
    }

    /// Where the instance would run, as far as the backend knows now.
    public func placementPreview(context: PaneContext) -> PlacementPreview {
        if case .none = placement.mode { return .unavailable("placement none: the cluster's scheduler decides where the pods run") }
        guard let backend = context.backend else { return .unavailable("no cluster backend: placement cannot be previewed") }
        return backend.placementPreview(placementQuery(context: context))
    }

    /// Why the current placement forbids the action (no node can run a workload), or nil.
    func placementRefusal(context: PaneContext) -> String? {
        switch placementPreview(context: context) {
        case .refused(let why):
            return "cannot \(verb): \(why) — m or o change the placement, Esc goes back to the form"
        case .failed(let why):
            return "cannot \(verb): placement could not be computed: \(why) — m none leaves it to the cluster"
        case .decided, .pending, .unavailable:
            return nil
        }
    }

    /// The pick in node mode (index, count), nil in other modes.
    var nodePick: (index: Int, count: Int)? {
        guard case .node(let name) = placement.mode, let i = nodeChoices.firstIndex(of: name) else { return nil }
        return (i, nodeChoices.count)
    }

    /// Applies `m`, `o`, `p` and, in node mode, `j`/`k`; false for other keys.
    mutating func handlePlacementKey(_ key: Key, context: PaneContext) -> Bool {
        switch key {
        case .char("m"):
            var choices: [String] = []
            if case .none = placement.mode {
                let ranked = rankedNodes(context: context)
                choices = ranked
                if ranked.isEmpty { post("node mode needs a decision with a feasible node to pick from — none yet", isError: false) }
            }
            placement.mode = ConsolePlacement.nextMode(after: placement.mode, node: choices.first)
            if case .node = placement.mode { nodeChoices = choices } else { nodeChoices = [] }
        case .char("o"):
            placement.policy = ConsolePlacement.nextPolicy(after: placement.policy)
        case .char("p"):
            showsPlacement.toggle()
            placementViewer = TextViewer(lines: placementLines(context: context))
        case .char("j"), .char("k"):
            guard let pick = nodePick else { return false }
            let next = (pick.index + (key == .char("j") ? 1 : -1) + pick.count) % pick.count
            placement.mode = .node(nodeChoices[next])
        default:
            return false
        }
        return true
    }

    /// The feasible nodes of the first workload, best first, under auto with the current policy.
    func rankedNodes(context: PaneContext) -> [String] {
        guard let backend = context.backend,
            case .decided(let decision) = backend.placementPreview(
                placementQuery(context: context, placement: ConsolePlacement(mode: .auto, policy: placement.policy)))
        else { return [] }
        return decision.workloads.first?.evaluation.ranked.map(\.node) ?? []
    }

    /// The full placement view's lines, wrapped to the view's width (no reason is cut).
    func placementLines(context: PaneContext) -> [StyledLine] {
        let lines = [PlacementPreviewText.heading(placement, nodePick: nodePick)] + PlacementPreviewText.full(placementPreview(context: context))
        return TextWrap.lines(lines, width: max(20, context.viewport.width), indent: 8)
    }
}
