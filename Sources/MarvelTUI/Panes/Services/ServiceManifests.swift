import MarvelCore

/// The `y` view of an instance: its current manifests as YAML, with secret
/// values masked (Secret data, env entries and ConfigMap keys whose names say
/// PASSWORD/SECRET/TOKEN/KEY), since the screen may be shared or recorded.
public enum ServiceManifests {
    /// The YAML text of `instance`'s manifests, masked.
    public static func yaml(for instance: Instance) -> String {
        YAML.emit(documents: instance.manifests.map(mask))
    }

    /// The viewer lines: the YAML, document separators dimmed.
    public static func lines(for instance: Instance) -> [StyledLine] {
        let text = yaml(for: instance)
        var out: [StyledLine] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            out.append(line == "---" ? StyledLine(String(line), TextStyle(.dim)) : StyledLine(String(line)))
        }
        while out.last == .empty || out.last?.plainText == "" { out.removeLast() }
        if out.isEmpty { out.append(StyledLine("no manifests recorded", TextStyle(.dim))) }
        return out
    }

    /// One object with its secret values replaced by the mask.
    public static func mask(_ object: JSONValue) -> JSONValue {
        let kind = object["kind"]?.stringValue ?? ""
        guard case .object(let top) = object else { return object }
        var out = JSONObject()
        for member in top {
            switch (kind, member.key) {
            case ("Secret", "data"), ("Secret", "stringData"):
                out[member.key] = maskAll(member.value)
            case ("ConfigMap", "data"):
                out[member.key] = maskSecretKeys(member.value)
            default:
                out[member.key] = maskEnv(member.value)
            }
        }
        return .object(out)
    }

    /// Every string value of an object masked.
    static func maskAll(_ value: JSONValue) -> JSONValue {
        guard case .object(let o) = value else { return value }
        var out = JSONObject()
        for m in o { out[m.key] = m.value.stringValue == nil ? m.value : .string(ServiceDetail.masked) }
        return .object(out)
    }

    /// String values under secret-sounding keys masked.
    static func maskSecretKeys(_ value: JSONValue) -> JSONValue {
        guard case .object(let o) = value else { return value }
        var out = JSONObject()
        for m in o { out[m.key] = ServiceDetail.isSecret(m.key) && m.value.stringValue != nil ? .string(ServiceDetail.masked) : m.value }
        return .object(out)
    }

    /// Walks the tree; an env-style entry `{name: SECRET_NAME, value: "…"}` gets its value masked.
    static func maskEnv(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items):
            return .array(items.map(maskEnv))
        case .object(let o):
            let secretEntry = o["name"]?.stringValue.map(ServiceDetail.isSecret) == true && o["value"]?.stringValue != nil
            var out = JSONObject()
            for m in o {
                out[m.key] = secretEntry && m.key == "value" ? .string(ServiceDetail.masked) : maskEnv(m.value)
            }
            return .object(out)
        default:
            return value
        }
    }
}
