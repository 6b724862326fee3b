import MarvelCore

/// JSON merge patch (RFC 7386): objects merge key by key, null deletes a key,
/// anything else (lists included) replaces the target.
enum MergePatch {
    static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let p) = patch else { return patch }
        var t: JSONObject
        if case .object(let o) = target { t = o } else { t = JSONObject() }
        for m in p {
            if m.value.isNull {
                t[m.key] = nil
            } else {
                t[m.key] = apply(m.value, to: t[m.key] ?? .null)
            }
        }
        return .object(t)
    }
}
