import MarvelCore

/// The kube-scheduler filter plugins, in the default profile's order. Each
/// returns the reasons a node is infeasible for a pod, worded as
/// kube-scheduler words them; the first failing plugin decides, as there.
public enum SchedulingFilters {
    /// Reasons `node` cannot take `pod`; empty when it can.
    public static func reasons(_ pod: SchedulingPod, on node: SchedulingNode) -> [String] {
        for plugin in [nodeUnschedulable, nodeName, taintToleration, nodeAffinity, resourcesFit] {
            let found = plugin(pod, node)
            if !found.isEmpty { return found }
        }
        return []
    }

    /// NodeUnschedulable: a cordoned node takes only pods tolerating its taint.
    static func nodeUnschedulable(_ pod: SchedulingPod, _ node: SchedulingNode) -> [String] {
        guard node.unschedulable else { return [] }
        let taint = NodeTaint(key: "node.kubernetes.io/unschedulable", effect: "NoSchedule")
        return pod.tolerations.contains { $0.tolerates(taint) } ? [] : ["node(s) were unschedulable"]
    }

    /// NodeName: `spec.nodeName`, when set, must be this node.
    static func nodeName(_ pod: SchedulingPod, _ node: SchedulingNode) -> [String] {
        pod.nodeName.isEmpty || pod.nodeName == node.name ? [] : ["node(s) didn't match the requested node name"]
    }

    /// TaintToleration: every NoSchedule/NoExecute taint must be tolerated. A
    /// node that is not Ready counts as carrying the not-ready taint.
    static func taintToleration(_ pod: SchedulingPod, _ node: SchedulingNode) -> [String] {
        var taints = node.taints
        let lifecycleKeys = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]
        if !node.ready && !taints.contains(where: { lifecycleKeys.contains($0.key) }) {
            taints.append(NodeTaint(key: "node.kubernetes.io/not-ready", effect: "NoSchedule"))
        }
        for taint in taints where taint.effect == "NoSchedule" || taint.effect == "NoExecute" {
            if !pod.tolerations.contains(where: { $0.tolerates(taint) }) {
                return ["node(s) had untolerated taint {\(taint.key): \(taint.value)}"]
            }
        }
        return []
    }

    /// NodeAffinity: the nodeSelector and (when given) one required term must match.
    static func nodeAffinity(_ pod: SchedulingPod, _ node: SchedulingNode) -> [String] {
        let selectorOK = pod.nodeSelector.allSatisfy { node.labels[$0.key] == $0.value }
        let termsOK =
            pod.requiredTerms.isEmpty
            || pod.requiredTerms.contains { $0.matches(labels: node.labels, nodeName: node.name) }
        return selectorOK && termsOK ? [] : ["node(s) didn't match Pod's node affinity/selector"]
    }

    /// NodeResourcesFit: requests plus what is bound must fit the allocatable
    /// amounts, for cpu, memory, extended resources, and the pod count.
    static func resourcesFit(_ pod: SchedulingPod, _ node: SchedulingNode) -> [String] {
        var out: [String] = []
        let maxPods = node.allocatable["pods"].map { Int($0.value) } ?? 110
        if node.podCount + 1 > maxPods { out.append("Too many pods") }
        for resource in pod.requests.keys.sorted() where resource != "pods" {
            guard let want = pod.requests[resource], !want.isZero else { continue }
            let have = node.allocatable[resource] ?? .zero
            let used = node.requested[resource] ?? .zero
            if used + want > have { out.append("Insufficient \(resource)") }
        }
        return out
    }
}
