import MarvelCore

/// The form step of a deploy: one field per form variable, the focused one
/// edited through an `InputField` (text and int), cycled (choice) or toggled
/// (bool), each validated as it changes. Secret variables (see `SecretNames`)
/// are typed as dots; Ctrl-R reveals the focused one until the focus moves.
public struct DeployForm: Sendable {
    /// The key that shows the focused secret field in clear (again: hides it).
    public static let revealKey = Key.ctrl("r")

    public let variables: [TemplateVariable]
    /// The current text of each field, in `variables` order.
    public private(set) var texts: [String]
    /// The focused field.
    public private(set) var focus: Int
    /// Edits the focused text field.
    private(set) var editor: InputField
    /// The texts the form started with (to tell whether anything was typed).
    let initialTexts: [String]
    /// The first field shown (the form scrolls when it is taller than its area).
    var offset = 0
    /// True while the focused secret field is shown in clear.
    public private(set) var revealed = false
    /// What a new instance's NAME must not clash with (nil for upgrades: the name is fixed).
    public var taken: TakenNames?

    /// Fields for `variables`, starting from `values` (by name) or the defaults.
    public init(variables: [TemplateVariable], values: [String: String]) {
        self.variables = variables
        texts = variables.map { values[$0.name] ?? $0.defaultText }
        initialTexts = texts
        focus = 0
        editor = InputField(prompt: "", text: texts.first ?? "")
    }

    public var isEmpty: Bool { variables.isEmpty }

    /// Whether any value differs from what the form started with.
    public var isEdited: Bool { texts != initialTexts }

    /// The values by variable name (the Tolerate field is not a variable: see `tolerations`).
    public var values: [String: String] {
        var out: [String: String] = [:]
        for (variable, text) in zip(variables, texts) where variable.name != TolerateField.name { out[variable.name] = text }
        return out
    }

    /// Whether field `index` holds a secret.
    public func isSecret(at index: Int) -> Bool { variables.indices.contains(index) && variables[index].isSecret }

    /// Whether field `index` is drawn as dots (a secret, unless revealed while focused).
    public func isMasked(at index: Int) -> Bool { isSecret(at: index) && !(revealed && index == focus) }

    /// The warning for field `index` when it is a secret still set to a placeholder (or empty).
    public func placeholderWarning(at index: Int) -> String? {
        guard variables.indices.contains(index) else { return nil }
        return variables[index].placeholderWarning(for: texts[index])
    }

    /// Every placeholder warning of the form, in field order.
    public var placeholderWarnings: [String] { variables.indices.compactMap(placeholderWarning(at:)) }

    /// The values of the secret fields, to mask them in the preview.
    public var secretValues: [String] { variables.indices.filter(isSecret(at:)).map { texts[$0] } }

    /// Why field `index` is not acceptable, or nil.
    public func violation(at index: Int) -> String? {
        guard variables.indices.contains(index) else { return nil }
        let variable = variables[index]
        if variable.name == TolerateField.name { return TolerateField.violation(texts[index]) }
        if let problem = variable.violationWithHelp(of: texts[index]) { return problem }
        if variable.name == "NAME", let problem = TemplateNames.dnsLabelProblem(texts[index]) { return "NAME \(problem)" }
        if variable.name == "NAME", let problem = taken?.problem(name: texts[index]) { return problem }
        return nil
    }

    /// The first field with a violation.
    public var firstInvalid: Int? { variables.indices.first { violation(at: $0) != nil } }

    /// True when the focused field is picked (choice, bool) rather than typed.
    var focusIsPicked: Bool {
        guard variables.indices.contains(focus) else { return false }
        return [.choice, .bool].contains(variables[focus].effectiveType)
    }

    /// Moves the focus by `delta` fields (wrapping).
    public mutating func move(by delta: Int) {
        guard !variables.isEmpty else { return }
        focus = ((focus + delta) % variables.count + variables.count) % variables.count
        editor = InputField(prompt: "", text: texts[focus])
        revealed = false
    }

    /// Puts the focus on field `index`.
    public mutating func focus(on index: Int) {
        guard variables.indices.contains(index) else { return }
        focus = index
        editor = InputField(prompt: "", text: texts[focus])
        revealed = false
    }

    /// Applies an editing key to the focused field; false when the key is not for editing.
    public mutating func edit(_ key: Key) -> Bool {
        guard variables.indices.contains(focus) else { return false }
        let variable = variables[focus]
        if key == Self.revealKey {
            guard variable.isSecret else { return false }
            revealed.toggle()
            return true
        }
        switch variable.effectiveType {
        case .choice:
            switch key {
            case .char(" "), .right: cycle(variable, by: 1)
            case .left: cycle(variable, by: -1)
            default: return false
            }
        case .bool:
            switch key {
            case .char(" "), .left, .right: texts[focus] = Self.toggled(texts[focus])
            default: return false
            }
        case .string, .int:
            switch key {
            case .enter, .escape, .tab, .backTab, .up, .down: return false
            default:
                _ = editor.handle(key)
                texts[focus] = editor.text
            }
        }
        return true
    }

    private mutating func cycle(_ variable: TemplateVariable, by delta: Int) {
        let choices = variable.choices
        guard !choices.isEmpty else { return }
        let current = choices.firstIndex(of: texts[focus]) ?? (delta > 0 ? -1 : 0)
        texts[focus] = choices[((current + delta) % choices.count + choices.count) % choices.count]
    }

    /// The other boolean, in the author's spelling family (yes/no, on/off, true/false).
    static func toggled(_ text: String) -> String {
        let lower = text.lowercased()
        let truth = ["yes", "y", "true", "on"].contains(lower)
        switch lower {
        case "yes", "no": return truth ? "no" : "yes"
        case "on", "off": return truth ? "off" : "on"
        default: return truth ? "false" : "true"
        }
    }

    /// Keeps the focused field inside a window of `height` rows.
    mutating func scrollToFocus(height: Int) {
        let h = max(1, height)
        if focus < offset { offset = focus }
        if focus >= offset + h { offset = focus - h + 1 }
        offset = max(0, min(offset, max(0, variables.count - h)))
    }
}
