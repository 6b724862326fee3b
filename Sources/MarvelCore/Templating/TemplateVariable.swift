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
    /// `secret: true|false` as declared; nil when the template does not say (then the name decides, see `isSecret`).
    public var secret: Bool?
    /// Where the variable's entry starts.
    public var mark: SourceMark
    /// Set by marvdash itself (NAMESPACE, HOSTNAME, …) and hidden from forms.
    public var isAutomatic: Bool

    public init(
        name: String, defaultText: String = "", defaultValue: JSONValue = .string(""), help: String? = nil,
        label: String? = nil, type: TemplateVariableType? = nil, choices: [String] = [],
        mark: SourceMark = SourceMark(line: 1, column: 1), isAutomatic: Bool = false, secret: Bool? = nil
    ) {
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

    /// Why `text` is not acceptable for this variable, or nil when it is.
    /// A secret variable's value is never quoted in the message (`***` stands in).
    public func violation(of text: String) -> String? {
        let shown = "\"\(isSecret ? SecretMask.mask : text)\""
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
