import MarvelCore

/// The pods of one owner, with the facts controllers count.
struct OwnedPods {
    var pods: [JSONValue]

    init(pods: [JSONValue]) { self.pods = pods }

    /// The pods whose ownerReferences name `uid`, from a listing of all pods.
    init(owner uid: String, in all: [JSONValue]) {
        pods = all.filter { OwnerCascade.isOwned($0, by: uid) }
    }

    static func phase(_ pod: JSONValue) -> String { pod.at("status", "phase")?.stringValue ?? "Pending" }

    static func isReady(_ pod: JSONValue) -> Bool {
        (pod.at("status", "conditions")?.arrayValue ?? []).contains {
            $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True"
        }
    }

    static func isFinished(_ pod: JSONValue) -> Bool { ["Succeeded", "Failed"].contains(phase(pod)) }

    var active: [JSONValue] { pods.filter { !Self.isFinished($0) } }
    var ready: Int { pods.filter(Self.isReady).count }
    var names: Set<String> { Set(pods.map(\.objectName)) }

    func withLabel(_ key: String, _ value: String) -> [JSONValue] {
        pods.filter { $0.at("metadata", "labels", key)?.stringValue == value }
    }
}

extension JSONValue {
    /// `metadata.name`, or "".
    var objectName: String { at("metadata", "name")?.stringValue ?? "" }
    /// `metadata.namespace`, or "".
    var objectNamespace: String { at("metadata", "namespace")?.stringValue ?? "" }
    /// `metadata.uid`, or "".
    var objectUID: String { at("metadata", "uid")?.stringValue ?? "" }
}

/// Writes a workload's status when it changed, keeping condition
/// transition times of conditions whose status did not change.
struct StatusWriter {
    var store: ClusterStore

    func write(_ type: ResourceType, _ object: JSONValue, status: JSONValue) {
        var next = status
        let old = object["status"] ?? [:]
        let now = Timestamp.format(store.now)
        if let conditions = next["conditions"]?.arrayValue {
            let previous = old["conditions"]?.arrayValue ?? []
            next["conditions"] = .array(
                conditions.map { c in
                    var c = c
                    let before = previous.first { $0["type"] == c["type"] }
                    let same = before?["status"] == c["status"] && before?["reason"] == c["reason"]
                    c["lastUpdateTime"] = same ? (before?["lastUpdateTime"] ?? .string(now)) : .string(now)
                    c["lastTransitionTime"] =
                        before?["status"] == c["status"] ? (before?["lastTransitionTime"] ?? .string(now)) : .string(now)
                    if type.name == "jobs" { c["lastProbeTime"] = c["lastUpdateTime"]; c["lastUpdateTime"] = nil }
                    if type.name == ResourceType.podDisruptionBudgets.name { c["lastUpdateTime"] = nil }  // a metav1.Condition
                    return c
                })
        }
        guard next != old else { return }
        let resolved = next
        _ = try? store.modify(type.name, namespace: object.objectNamespace, name: object.objectName) { $0["status"] = resolved }
    }
}
