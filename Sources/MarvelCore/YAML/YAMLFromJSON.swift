extension YAMLNode {
    /// A node tree for a JSON value, with scalar styles chosen so that
    /// loading the emitted YAML gives the same value back: strings that
    /// would read as something else when plain are double-quoted,
    /// multi-line strings use a literal block.
    public init(json: JSONValue) {
        switch json {
        case .null: self.init(kind: .scalar("null", .plain))
        case .bool(let b): self.init(kind: .scalar(b ? "true" : "false", .plain))
        case .int(let i): self.init(kind: .scalar(String(i), .plain))
        case .double(let d): self.init(kind: .scalar(YAMLNumberFormat.plain(d), .plain))
        case .string(let s): self.init(kind: .scalar(s, YAMLStringStyle.style(for: s)))
        case .array(let items): self.init(kind: .sequence(items.map { YAMLNode(json: $0) }))
        case .object(let object):
            self.init(kind: .mapping(object.map {
                YAMLPair(key: YAMLNode(kind: .scalar($0.key, YAMLStringStyle.style(for: $0.key))), value: YAMLNode(json: $0.value))
            }))
        }
    }
}

/// Chooses how a string is written. libyaml itself upgrades a plain
/// scalar to quotes when indicators, spaces or control characters demand
/// it; this adds the cases only a resolver knows about.
enum YAMLStringStyle {
    static func style(for s: String) -> YAMLScalarStyle {
        if s.contains("\n") { return .literal }  // libyaml falls back to double quotes when a block cannot hold it
        return readsAsNonString(s) ? .doubleQuoted : .plain
    }

    /// Whether a plain scalar with this text could be read as anything but
    /// this string: by our YAML 1.1 resolver, or by YAML 1.2 / Go readers
    /// (kubectl), which also take `y`, `n`, `1e3`, timestamps and the like.
    static func readsAsNonString(_ s: String) -> Bool {
        if YAMLScalarResolver.kind(ofPlain: s) != .string { return true }
        switch s {
        case "y", "Y", "n", "N", "=": return true
        default: break
        }
        guard let first = s.unicodeScalars.first else { return true }
        let numberStart = ("0"..."9").contains(first) || first == "-" || first == "+" || first == "."
        return numberStart && s.unicodeScalars.allSatisfy { numberish.contains($0) }
    }

    /// Characters of numbers, dates and times in any YAML schema.
    private static let numberish = Set("0123456789abcdefABCDEFxXoO_.:+-tTzZ ".unicodeScalars)
}
