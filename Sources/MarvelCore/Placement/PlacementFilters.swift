/// The filters, in kube-scheduler's default order, then marvdash's rules:
/// NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, then layer,
/// site and arch, then NodeResourcesFit, then VolumeBinding. Each returns its reasons worded as
/// kube-scheduler words them; the first failing filter decides, as there.
/// All but the resource fit depend only on the node's fixed facts, so a
/// component's verdicts for them are computed once (`staticReason`).
public enum PlacementFilters {
    public static let unschedulable = "node(s) were unschedulable"
    public static let nodeNameMismatch = "node(s) didn't match the requested node name"
    public static let affinityMismatch = "node(s) didn't match Pod's node affinity/selector"
    public static let tooManyPods = "Too many pods"

    /// The reason node `node` fails a filter other than resource fit, or nil.
    public static func staticReason(_ pod: PodRequirements, rules: TemplatePlacement, on node: PlacementNode) -> String? {
        if let r = nodeUnschedulable(pod, node) { return r }
        if !pod.nodeName.isEmpty && pod.nodeName != node.name { return nodeNameMismatch }
        if let r = taintToleration(pod, node) { return r }
        if !nodeAffinity(pod, node) { return affinityMismatch }
        return marvdashRules(rules, node)
    }

    /// NodeUnschedulable: a cordoned node takes only pods tolerating its taint.
    static func nodeUnschedulable(_ pod: PodRequirements, _ node: PlacementNode) -> String? {
        guard node.unschedulable else { return nil }
        let taint = Node.Taint(key: "node.kubernetes.io/unschedulable", effect: "NoSchedule")
        return pod.tolerations.contains { $0.tolerates(taint) } ? nil : unschedulable
    }

    /// TaintToleration: every NoSchedule/NoExecute taint must be tolerated (a node
    /// that is not Ready counts as carrying the not-ready taint).
    public static func taintToleration(_ pod: PodRequirements, _ node: PlacementNode) -> String? {
        untoleratedTaint(pod, node).map { "node(s) had untolerated taint {\($0.key): \($0.value)}" }
    }

    /// The first NoSchedule/NoExecute taint of `node` that `pod` does not tolerate.
    public static func untoleratedTaint(_ pod: PodRequirements, _ node: PlacementNode) -> Node.Taint? {
        node.effectiveTaints.first { taint in
            (taint.effect == "NoSchedule" || taint.effect == "NoExecute") && !pod.tolerations.contains(where: { $0.tolerates(taint) })
        }
    }

    /// NodeAffinity: the nodeSelector and (when given) one required term must match.
    public static func nodeAffinity(_ pod: PodRequirements, _ node: PlacementNode) -> Bool {
        pod.nodeSelector.allSatisfy { node.labels[$0.key] == $0.value }
            && (pod.requiredTerms.isEmpty || pod.requiredTerms.contains { $0.matches(labels: node.labels, nodeName: node.name) })
    }

    /// marvdash's rules from the template's placement block: the required layer, site and arch.
    public static func marvdashRules(_ rules: TemplatePlacement, _ node: PlacementNode) -> String? {
        if let layer = rules.layer, node.layer != layer { return "node(s) were not in layer \(layer.rawValue)" }
        if let site = rules.site, !site.isEmpty, node.site.lowercased() != site.lowercased() {
            return "node(s) were not at site \(site)"
        }
        if let arch = rules.arch, !arch.isEmpty, node.arch != arch { return "node(s) didn't have arch \(arch)" }
        return nil
    }

    /// VolumeBinding: every bound volume of the pod must be reachable from the node.
    public static func volumeConflict(_ pod: PodRequirements, _ node: PlacementNode) -> String? {
        pod.volumes.allSatisfy { $0.admits(labels: node.labels, nodeName: node.name) } ? nil : VolumeNodeAffinity.conflict
    }

    /// NodeResourcesFit: the pod count and every non-zero request plus what is
    /// bound must fit the allocatable amounts. Reasons in kube's order: pods,
    /// cpu, memory, ephemeral storage, extended resources.
    public static func resourceReasons(_ demand: PodDemand, node i: Int, in snapshot: PlacementSnapshot) -> [String] {
        var out: [String] = []
        let base = i * snapshot.columns.count
        for (c, want) in demand.nonZero where snapshot.requested[base + c] + want > snapshot.allocatable[base + c] {
            out.append(c == 0 ? tooManyPods : "Insufficient \(snapshot.columns.names[c])")
        }
        for resource in demand.untracked { out.append("Insufficient \(resource)") }
        return out
    }

    /// Whether the pod fits node `i` (the hot path of `resourceReasons`).
    @inline(__always)
    public static func fits(_ demand: PodDemand, node i: Int, in snapshot: PlacementSnapshot) -> Bool {
        if !demand.untracked.isEmpty { return false }
        let base = i * snapshot.columns.count
        for (c, want) in demand.nonZero where snapshot.requested[base + c] + want > snapshot.allocatable[base + c] {
            return false
        }
        return true
    }
}
