/// Hides secrets in everything marvdash shows: variable values, rendered
/// manifests and message text. Each output (`services -o json|yaml`,
/// `render`, `deploy --dry-run`, the console's forms, previews, details and
/// manifests, error lines) goes through one of its functions unless the user
/// asked for `--show-secrets`.
///
/// In a manifest it masks every value of a Secret's `data` and `stringData`,
/// ConfigMap keys and env entries whose names read as secrets (see
/// `SecretNames`), and any occurrence of a known secret value in any string.
public struct SecretMask: Sendable, Hashable {
    /// What stands in for a hidden value.
    public static let mask = "***"

    /// Secret values hidden wherever they occur, longest first (so a value containing another goes first).
    public let values: [String]

    /// Values shorter than this are hidden only where they make a whole word (so a 2-character
    /// secret does not blank every occurrence of those characters in a message).
    static let shortValueLength = 4

    /// A mask for these secret values (empty ones are ignored).
    public init(values: some Sequence<String>) {
        self.values = Array(Set(values.filter { !$0.isEmpty })).sorted { ($0.count, $0) > ($1.count, $1) }
    }

    /// A mask that hides no particular value (structural masking only).
    public static let structural = SecretMask(values: [String]())

    /// The mask for `values` of the variables named in `secretNames`.
    public init(values: [String: String], secretNames: Set<String>) {
        self.init(values: values.filter { secretNames.contains($0.key) }.map(\.value))
    }

    // MARK: values

    /// `values` with the secret ones replaced by `***`.
    public static func values(_ values: [String: String], secretNames: Set<String>) -> [String: String] {
        var out = values
        for key in values.keys where secretNames.contains(key) { out[key] = mask }
        return out
    }

    // MARK: text

    /// `text` with every known secret value replaced by `***`.
    public func text(_ text: String) -> String {
        var out = text
        for value in values where out.contains(value) {
            if value.count >= Self.shortValueLength {
                out = out.replacingAll(value, with: Self.mask)
            } else {
                out = out.replacingWholeWords(value, with: Self.mask)
            }
        }
        return out
    }

    // MARK: objects

    /// Every object masked (see `object`).
    public func objects(_ objects: [JSONValue]) -> [JSONValue] { objects.map(object) }

    /// One Kubernetes object with its secrets masked: Secret data/stringData values, secret-named
    /// ConfigMap keys and env entries, and the known secret values wherever they occur.
    public func object(_ object: JSONValue) -> JSONValue {
        guard case .object(let top) = object else { return scrub(object) }
        let kind = top["kind"]?.stringValue ?? ""
        var out: [JSONMember] = []
        for member in top {
            let value: JSONValue
            switch (kind, member.key) {
            case ("Secret", "data"), ("Secret", "stringData"):
                value = Self.maskEveryValue(member.value)
            case ("ConfigMap", "data"), ("ConfigMap", "binaryData"):
                value = Self.maskSecretKeys(member.value)
            default:
                value = Self.maskEnv(member.value)
            }
            out.append(JSONMember(text(member.key), scrub(value)))
        }
        return .object(JSONObject(out))
    }

    /// Every string in `value` (keys too) with the known secret values replaced.
    func scrub(_ value: JSONValue) -> JSONValue {
        guard !values.isEmpty else { return value }
        switch value {
        case .string(let s): return .string(text(s))
        case .array(let items): return .array(items.map(scrub))
        case .object(let o): return .object(JSONObject(o.map { JSONMember(text($0.key), scrub($0.value)) }))
        default: return value
        }
    }

    /// Every member value of an object masked (a Secret's data).
    static func maskEveryValue(_ value: JSONValue) -> JSONValue {
        guard case .object(let o) = value else { return value.isNull ? value : .string(mask) }
        return .object(JSONObject(o.map { JSONMember($0.key, $0.value.isNull ? $0.value : .string(mask)) }))
    }

    /// Values under secret-sounding keys masked (a ConfigMap's data).
    static func maskSecretKeys(_ value: JSONValue) -> JSONValue {
        guard case .object(let o) = value else { return value }
        return .object(JSONObject(o.map { SecretNames.looksSecret($0.key) && !$0.value.isNull ? JSONMember($0.key, .string(mask)) : $0 }))
    }

    /// Walks the tree; an env-style entry `{name: SOME_PASSWORD, value: "…"}` gets its value masked.
    static func maskEnv(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items):
            return .array(items.map(maskEnv))
        case .object(let o):
            let secretEntry = o["name"]?.stringValue.map(SecretNames.looksSecret) == true && o["value"]?.stringValue != nil
            return .object(JSONObject(o.map { m in
                JSONMember(m.key, secretEntry && m.key == "value" ? .string(mask) : maskEnv(m.value))
            }))
        default:
            return value
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced (non-overlapping, left to right).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }

    /// Occurrences of `target` that are not part of a longer run of letters and digits replaced.
    func replacingWholeWords(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        var previous: Character?
        while let range = rest.range(of: target) {
            let before = range.lowerBound == rest.startIndex ? previous : rest[rest.index(before: range.lowerBound)]
            let after = range.upperBound == rest.endIndex ? nil : rest[range.upperBound]
            let isWord = { (c: Character?) in c.map { $0.isLetter || $0.isNumber } ?? false }
            out += rest[..<range.lowerBound]
            out += isWord(before) || isWord(after) ? String(rest[range]) : replacement
            previous = rest[rest.index(before: range.upperBound)]
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
