import MarvelCore

/// The disruption controller's arithmetic for one PodDisruptionBudget: the
/// pods it selects, how many must stay healthy (`minAvailable`, or the
/// controllers' replicas less `maxUnavailable`), how many are, and so how
/// many may be evicted now.
struct DisruptionBudget {
    var budget: JSONValue
    /// Pods the budget's selector matches (in its namespace).
    var pods: [JSONValue]
    var expected: Int
    var desiredHealthy: Int
    var currentHealthy: Int

    var disruptionsAllowed: Int { max(0, currentHealthy - desiredHealthy) }

    init(_ budget: JSONValue, pods all: [JSONValue], store: ClusterStore) {
        self.budget = budget
        let selector = LabelSelector(json: budget.at("spec", "selector") ?? [:])
        pods = all.filter { $0.objectNamespace == budget.objectNamespace && selector.matches(object: $0) && !OwnedPods.isFinished($0) }
        currentHealthy = pods.filter { OwnedPods.isReady($0) && !Finalizers.isTerminating($0) }.count
        let minAvailable = IntOrPercent(budget.at("spec", "minAvailable"))
        let maxUnavailable = IntOrPercent(budget.at("spec", "maxUnavailable"))
        if let minAvailable, case .count(let n) = minAvailable.value {
            expected = pods.count
            desiredHealthy = n
        } else {
            expected = Self.scale(of: pods, store: store)
            if let maxUnavailable {
                desiredHealthy = max(0, expected - maxUnavailable.scaled(expected, roundUp: true))
            } else if let minAvailable {
                desiredHealthy = minAvailable.scaled(expected, roundUp: true)
            } else {
                desiredHealthy = 0
            }
        }
    }

    /// The replicas the pods' controllers ask for (a Deployment's for the pods of its ReplicaSets).
    static func scale(of pods: [JSONValue], store: ClusterStore) -> Int {
        var counted: Set<String> = []
        var total = 0
        for pod in pods {
            guard let owner = (pod.at("metadata", "ownerReferences")?.arrayValue ?? []).first(where: { $0["controller"]?.boolValue == true }),
                let kind = owner["kind"]?.stringValue, let name = owner["name"]?.stringValue
            else {
                total += 1
                continue
            }
            var scaled: JSONValue?
            switch kind {
            case "ReplicaSet":
                let rs = store.get(ResourceType.replicaSets.name, namespace: pod.objectNamespace, name: name)
                if let d = rs?.at("metadata", "ownerReferences")?[0], d["kind"]?.stringValue == "Deployment",
                    let dName = d["name"]?.stringValue
                {
                    scaled = store.get(ResourceType.deployments.name, namespace: pod.objectNamespace, name: dName)
                } else {
                    scaled = rs
                }
            case "StatefulSet":
                scaled = store.get(ResourceType.statefulSets.name, namespace: pod.objectNamespace, name: name)
            default:
                total += 1
                continue
            }
            guard let scaled, counted.insert(scaled.objectUID).inserted else { continue }
            total += scaled.at("spec", "replicas")?.intValue ?? 1
        }
        return total
    }

    /// The budget's status as the disruption controller writes it.
    func status() -> JSONValue {
        let allowed = disruptionsAllowed
        let live = Set(pods.map(\.objectName))
        var disrupted = JSONObject()
        for m in budget.at("status", "disruptedPods")?.objectValue ?? JSONObject() where live.contains(m.key) {
            disrupted[m.key] = m.value
        }
        var s: JSONObject = [
            "observedGeneration": budget.at("metadata", "generation") ?? 1, "expectedPods": .int(expected),
            "currentHealthy": .int(currentHealthy), "desiredHealthy": .int(desiredHealthy),
            "disruptionsAllowed": .int(allowed),
            "conditions": [
                [
                    "type": "DisruptionAllowed", "status": allowed > 0 ? "True" : "False",
                    "reason": allowed > 0 ? "SufficientPods" : "InsufficientPods", "message": "",
                    "observedGeneration": budget.at("metadata", "generation") ?? 1,
                ]
            ],
        ]
        if !disrupted.isEmpty { s["disruptedPods"] = .object(disrupted) }
        return .object(s)
    }
}

/// The disruption controller: keeps every PodDisruptionBudget's status current.
struct DisruptionBudgetSync {
    var store: ClusterStore

    func sync(pods: [JSONValue]) {
        for budget in store.list(ResourceType.podDisruptionBudgets.name).items {
            let next = DisruptionBudget(budget, pods: pods, store: store).status()
            StatusWriter(store: store).write(.podDisruptionBudgets, budget, status: next)
        }
    }
}
