import MarvelCore
import MarvelNet

/// `POST /api/v1/namespaces/NS/pods/NAME/eviction` (policy/v1 Eviction, what
/// `kubectl drain` sends): deletes the pod unless a PodDisruptionBudget that
/// selects it allows no disruption now — then 429, as the API server answers.
struct PodEviction {
    var store: ClusterStore
    var namespace: String
    var name: String

    static let violation = "Cannot evict pod as it would violate the pod's disruption budget."

    func evict(_ request: ServerRequest) throws(APIStatus) -> ServerResponse {
        guard let pod = store.get(ResourceType.pods.name, namespace: namespace, name: name) else {
            throw APIStatus.notFound(resource: ResourceType.pods.name, name: name)
        }
        let body = request.body.isEmpty ? JSONValue.object([:]) : try ServerSideApply.parseBody(request.body)
        if let given = body.at("metadata", "name")?.stringValue, !given.isEmpty, given != name {
            throw APIStatus.badRequest("name in URL does not match name in Eviction object")
        }
        let dryRun = KubeAPIHandler.isDryRun(request)
            || (body.at("deleteOptions", "dryRun")?.arrayValue ?? []).contains { $0.stringValue == "All" }
        let phase = OwnedPods.phase(pod)
        // Pods that are not running, or already going, are evicted without asking a budget.
        if ["Pending", "Succeeded", "Failed"].contains(phase) || Finalizers.isTerminating(pod) {
            return try delete(dryRun: dryRun)
        }
        let pods = store.list(ResourceType.pods.name, namespace: namespace).items
        let budgets = store.list(ResourceType.podDisruptionBudgets.name, namespace: namespace).items.filter {
            LabelSelector(json: $0.at("spec", "selector") ?? [:]).matches(object: pod)
        }
        guard budgets.count <= 1 else {
            throw APIStatus(
                code: 500, reason: "InternalError",
                message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.")
        }
        guard let budget = budgets.first else { return try delete(dryRun: dryRun) }
        let generation = budget.at("metadata", "generation")?.intValue ?? 1
        guard (budget.at("status", "observedGeneration")?.intValue ?? 0) >= generation else {
            throw refusal("The disruption budget \(budget.objectName) is still being processed by the server.")
        }
        let state = DisruptionBudget(budget, pods: pods, store: store)
        // An unready pod does not count against a budget that is met.
        if !OwnedPods.isReady(pod), state.currentHealthy >= state.desiredHealthy { return try delete(dryRun: dryRun) }
        let allowed = budget.at("status", "disruptionsAllowed")?.intValue ?? 0
        guard allowed > 0 else {
            throw refusal(
                "The disruption budget \(budget.objectName) needs \(state.desiredHealthy) healthy pods and has \(state.currentHealthy) currently")
        }
        if dryRun { return Self.success }
        let now = Timestamp.format(store.now)
        let podName = name
        _ = try? store.modify(ResourceType.podDisruptionBudgets.name, namespace: namespace, name: budget.objectName) { b in
            b["status"]?["disruptionsAllowed"] = .int(allowed - 1)
            var disrupted = b.at("status", "disruptedPods")?.objectValue ?? JSONObject()
            disrupted[podName] = .string(now)
            b["status"]?["disruptedPods"] = .object(disrupted)
        }
        return try delete(dryRun: false)
    }

    private func refusal(_ cause: String) -> APIStatus {
        APIStatus(
            code: 429, reason: "TooManyRequests", message: Self.violation,
            causes: [["reason": "DisruptionBudget", "message": .string(cause)]])
    }

    private func delete(dryRun: Bool) throws(APIStatus) -> ServerResponse {
        if !dryRun {
            do {
                let gone = try store.delete(ResourceType.pods.name, namespace: namespace, name: name)
                if let uid = gone.at("metadata", "uid")?.stringValue {
                    OwnerCascade(store: store).deleteDependents(ofUID: uid, namespace: namespace)
                }
            } catch {
                throw APIStatus(error)
            }
        }
        return Self.success
    }

    /// The `Status` the API server answers an eviction with.
    static var success: ServerResponse {
        .json(["kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Success", "code": 201], status: 201)
    }
}
