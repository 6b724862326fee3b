/// The marvdash `type` of a template variable (an extension Karvdash ignores).
public enum TemplateVariableType: String, Sendable, Hashable, CaseIterable {
    case string, int, bool, choice
}

/// One template variable as declared in the metadata document.
public struct TemplateVariable: Sendable, Hashable {
    public var name: String
    /// The default exactly as the author wrote it (`1.10` stays "1.10").
    public var defaultText: String
    /// The default with its YAML 1.1 type, for display.
    public var defaultValue: JSONValue
    public var help: String?
    public var label: String?
    public var type: TemplateVariableType?
    public var choices: [String]
    /// The smallest number allowed (`min:`), nil for none.
    public var minimum: Double?
    /// The largest number allowed (`max:`), nil for none.
    public var maximum: Double?
    /// A regular expression the whole value must match (`pattern:`), nil for none.
    public var pattern: String?
    /// `secret: true|false` as declared; nil when the template does not say (then the name decides, see `isSecret`).
    public var secret: Bool?
    /// Where the variable's entry starts.
    public var mark: SourceMark
    /// Set by marvdash itself (NAMESPACE, HOSTNAME, …) and hidden from forms.
    public var isAutomatic: Bool

    public init(
        name: String, defaultText: String = "", defaultValue: JSONValue = .string(""), help: String? = nil,
        label: String? = nil, type: TemplateVariableType? = nil, choices: [String] = [],
        mark: SourceMark = SourceMark(line: 1, column: 1), isAutomatic: Bool = false, secret: Bool? = nil,
        minimum: Double? = nil, maximum: Double? = nil, pattern: String? = nil
    ) {
        self.minimum = minimum
        self.maximum = maximum
        self.pattern = pattern
        self.name = name
        self.defaultText = defaultText
        self.defaultValue = defaultValue
        self.help = help
        self.label = label
        self.type = type
        self.choices = choices
        self.mark = mark
        self.isAutomatic = isAutomatic
        self.secret = secret
    }

    /// The type that applies: the declared one, `.choice` when only choices are given.
    public var effectiveType: TemplateVariableType {
        if let type { return type }
        return choices.isEmpty ? .string : .choice
    }

    /// As `violation(of:)`, followed by the template's help for the variable when it has one
    /// (what `--set`, `-f` and the form say: "SERVERS must be one of 3, 5, 7, got "4" (help: …)").
    public func violationWithHelp(of text: String) -> String? {
        guard let problem = violation(of: text) else { return nil }
        guard let help, !help.isEmpty else { return problem }
        return "\(problem) (\(label ?? name): \(help))"
    }

    /// Why `text` is not acceptable for this variable (its type, choices, `min`/`max`,
    /// `pattern`), or nil when it is. A secret variable's value is never quoted in the
    /// message (`***` stands in).
    public func violation(of text: String) -> String? {
        let shown = "\"\(isSecret ? SecretMask.mask : text)\""
        if let problem = typeViolation(of: text, shown: shown) { return problem }
        if !choices.isEmpty, !choices.contains(text) {
            return "\(name) must be one of \(choices.joined(separator: ", ")), got \(shown)"
        }
        if minimum != nil || maximum != nil {
            guard let number = Self.number(text) else { return "\(name) must be a number, got \(shown)" }
            if let minimum, number < minimum { return "\(name) must be at least \(Self.numberText(minimum)), got \(shown)" }
            if let maximum, number > maximum { return "\(name) must be at most \(Self.numberText(maximum)), got \(shown)" }
        }
        if let pattern, let regex = try? Regex(pattern), (try? regex.wholeMatch(in: text)) == nil {
            return "\(name) must match \(pattern), got \(shown)"
        }
        return nil
    }

    /// The number a value reads as (YAML 1.1 integers and floats), nil for other text.
    static func number(_ text: String) -> Double? {
        switch YAMLScalarResolver.kind(ofPlain: text) {
        case .int: return YAMLScalarResolver.intValue(text).0.map(Double.init) ?? Double(text)
        case .float: return Double(text)
        default: return nil
        }
    }

    /// "3", "0.5".
    static func numberText(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    private func typeViolation(of text: String, shown: String) -> String? {
        switch effectiveType {
        case .string:
            return nil
        case .int:
            guard YAMLScalarResolver.kind(ofPlain: text) == .int, YAMLScalarResolver.intValue(text).0 != nil else {
                return "\(name) must be an integer, got \(shown)"
            }
            return nil
        case .bool:
            guard YAMLScalarResolver.bool(text) != nil else {
                return "\(name) must be a boolean (true/false, yes/no), got \(shown)"
            }
            return nil
        case .choice:
            guard choices.contains(text) else {
                return "\(name) must be one of \(choices.joined(separator: ", ")), got \(shown)"
            }
            return nil
        }
    }
}
