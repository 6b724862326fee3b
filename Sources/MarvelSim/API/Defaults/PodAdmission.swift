import MarvelCore

/// The admission plugins kube-apiserver enables by default, as far as they
/// change a new pod: DefaultTolerationSeconds (not-ready and unreachable,
/// NoExecute, 300 s), Priority (0, PreemptLowerPriority) and ServiceAccount
/// (`default`).
enum PodAdmission {
    static let defaultTolerationKeys = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]

    static func admit(_ pod: JSONValue) -> JSONValue {
        var o = pod
        guard var spec = o["spec"]?.objectValue else { return o }
        var tolerations = spec["tolerations"]?.arrayValue ?? []
        for key in defaultTolerationKeys where !tolerations.contains(where: { tolerates($0, key: key) }) {
            tolerations.append(["key": .string(key), "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300])
        }
        spec["tolerations"] = .array(tolerations)
        if spec["priority"] == nil, (spec["priorityClassName"]?.stringValue ?? "").isEmpty { spec["priority"] = 0 }
        if spec["preemptionPolicy"] == nil { spec["preemptionPolicy"] = "PreemptLowerPriority" }
        if (spec["serviceAccountName"]?.stringValue ?? "").isEmpty {
            spec["serviceAccountName"] = spec["serviceAccount"].flatMap { $0.stringValue?.isEmpty == false ? $0 : nil } ?? "default"
        }
        spec["serviceAccount"] = spec["serviceAccountName"]
        o["spec"] = .object(spec)
        return o
    }

    /// True when the toleration already covers the NoExecute taint `key` (as the plugin checks).
    private static func tolerates(_ t: JSONValue, key: String) -> Bool {
        let effect = t["effect"]?.stringValue ?? ""
        guard effect.isEmpty || effect == "NoExecute" else { return false }
        let k = t["key"]?.stringValue ?? ""
        let op = t["operator"]?.stringValue ?? "Equal"
        return k == key || (k.isEmpty && op == "Exists")
    }
}
