/// A pod toleration with the Kubernetes matching rules: effects equal or the
/// toleration's empty; keys equal, or an empty key with `Exists`; `Equal`
/// (the default) needs equal values, `Exists` ignores them.
public struct PlacementToleration: Sendable, Hashable {
    /// Empty with `exists` tolerates every taint.
    public var key: String
    /// true for `operator: Exists`, false for `Equal`.
    public var exists: Bool
    public var value: String
    /// Empty tolerates every effect.
    public var effect: String

    public init(key: String = "", exists: Bool = false, value: String = "", effect: String = "") {
        self.key = key
        self.exists = exists
        self.value = value
        self.effect = effect
    }

    /// Reads a `tolerations` entry.
    public init(json: JSONValue) {
        self.init(
            key: json["key"]?.stringValue ?? "", exists: json["operator"]?.stringValue == "Exists",
            value: json["value"]?.stringValue ?? "", effect: json["effect"]?.stringValue ?? "")
    }

    /// Whether this toleration matches `taint`.
    public func tolerates(_ taint: Node.Taint) -> Bool {
        if !effect.isEmpty && effect != taint.effect { return false }
        if key.isEmpty { return exists }
        guard key == taint.key else { return false }
        return exists || value == taint.value
    }

    /// The toleration that matches exactly `taint` (Exists when it has no value).
    public static func matching(_ taint: Node.Taint) -> PlacementToleration {
        taint.value.isEmpty
            ? PlacementToleration(key: taint.key, exists: true, effect: taint.effect)
            : PlacementToleration(key: taint.key, value: taint.value, effect: taint.effect)
    }

    /// The API form.
    public var json: JSONValue {
        var o: JSONObject = [:]
        if !key.isEmpty { o["key"] = .string(key) }
        o["operator"] = exists ? "Exists" : "Equal"
        if !exists { o["value"] = .string(value) }
        if !effect.isEmpty { o["effect"] = .string(effect) }
        return .object(o)
    }
}
