/// Finds the metadata document of a template stream and reads it into a
/// `Template`, collecting errors with their positions.
struct TemplateMetadataReader {
    let file: String
    private(set) var diagnostics: [TemplateDiagnostic] = []

    init(file: String) {
        self.file = file
    }

    /// Whether a document is a template's metadata: kind Template with top-level name and variables.
    static func isMetadata(_ node: YAMLNode) -> Bool {
        guard case .mapping = node.kind else { return false }
        return node["kind"]?.scalar == "Template" && node["name"] != nil && node["variables"] != nil
    }

    private mutating func error(_ mark: SourceMark?, _ message: String) {
        diagnostics.append(TemplateDiagnostic(file: file, mark: mark, severity: .error, message: message))
    }

    private mutating func warning(_ mark: SourceMark?, _ message: String) {
        diagnostics.append(TemplateDiagnostic(file: file, mark: mark, severity: .warning, message: message))
    }

    mutating func read(_ nodes: [YAMLNode]) -> Template? {
        let metadataIndices = nodes.indices.filter { Self.isMetadata(nodes[$0]) }
        guard let last = metadataIndices.last else {
            error(nodes.first?.mark ?? SourceMark(line: 1, column: 1),
                  "no template metadata: add a document with kind: Template, name and variables (usually the last one)")
            return nil
        }
        for index in metadataIndices.dropLast() {
            warning(nodes[index].mark, "an earlier metadata document is ignored; the last kind: Template document wins")
        }
        let meta = nodes[last]
        let resources = nodes.indices.filter { !metadataIndices.contains($0) }.map { nodes[$0] }.filter { !Self.isEmpty($0) }
        let name = string(meta["name"], field: "name") ?? ""
        if name.isEmpty { error(meta["name"]?.mark ?? meta.mark, "name must be a non-empty string — give the template a display name") }
        var template = Template(
            id: Template.id(forFile: file), file: file, name: name,
            description: string(meta["description"], field: "description") ?? "",
            singleton: bool(meta["singleton"], field: "singleton") ?? false,
            auth: bool(meta["auth"], field: "auth") ?? true,
            datasets: bool(meta["datasets"], field: "datasets") ?? true,
            variables: [], placement: nil, documents: resources, warnings: [], metadataMark: meta.mark)
        warnUnknownKeys(meta, known: Self.metadataKeys, what: "metadata key")
        if let variablesNode = meta["variables"] { template.variables = readVariables(variablesNode) }
        if let placementNode = meta["placement"] {
            // Checked with the defaults here; each deploy reads it again with its own values.
            template.placementNode = placementNode
            let defaults = Dictionary(template.variables.map { ($0.name, $0.defaultText) }, uniquingKeysWith: { a, _ in a })
            var reader = TemplatePlacementReader(file: file, values: defaults)
            template.placement = reader.read(placementNode)
            diagnostics += reader.diagnostics
        }
        return template
    }

    static let metadataKeys: Set<String> = [
        "kind", "apiVersion", "name", "description", "singleton", "auth", "datasets", "variables", "placement", "mount",
    ]
    static let variableKeys: Set<String> = ["name", "default", "help", "label", "type", "choices", "secret", "min", "max", "pattern"]

    /// A warning for each key outside `known` (usually a typo), naming the keys that are read.
    private mutating func warnUnknownKeys(_ node: YAMLNode, known: Set<String>, what: String) {
        guard case .mapping(let pairs) = node.kind else { return }
        for pair in pairs {
            let key = pair.key.scalar ?? pair.key.kindName
            guard !known.contains(key) else { continue }
            warning(pair.key.mark, "unknown \(what) \"\(key)\" is ignored — the known ones are \(known.subtracting(["mount", "apiVersion"]).sorted().joined(separator: ", "))")
        }
    }

    private static func isEmpty(_ node: YAMLNode) -> Bool {
        if case .scalar(let text, let style) = node.kind, style == .plain, node.tag == nil {
            return YAMLScalarResolver.kind(ofPlain: text) == .null
        }
        return false
    }

    // MARK: - Fields

    private mutating func string(_ node: YAMLNode?, field: String) -> String? {
        guard let node else { return nil }
        guard let text = node.scalar else {
            error(node.mark, "\(field) must be text, found a \(node.kindName) — write it as one line of text")
            return nil
        }
        return text
    }

    private mutating func bool(_ node: YAMLNode?, field: String) -> Bool? {
        guard let node else { return nil }
        guard let text = node.scalar, let value = YAMLScalarResolver.bool(text) else {
            error(node.mark, "\(field) must be a boolean — write yes/no or true/false")
            return nil
        }
        return value
    }

    // MARK: - Variables

    private mutating func readVariables(_ node: YAMLNode) -> [TemplateVariable] {
        guard case .sequence(let items) = node.kind else {
            if case .scalar(let text, _) = node.kind, YAMLScalarResolver.kind(ofPlain: text) == .null {
                error(node.mark, "no NAME variable — declare `- name: NAME` with a default such as my-service")
            } else {
                error(node.mark, "variables must be a list of {name, default, help, label} entries")
            }
            return []
        }
        var variables: [TemplateVariable] = []
        var seen: [String: SourceMark] = [:]
        for item in items {
            guard let variable = readVariable(item) else { continue }
            if let first = seen[variable.name] {
                error(item.mark, "duplicate variable \(variable.name) (first declared at \(first)) — remove one of them")
                continue
            }
            seen[variable.name] = item.mark
            variables.append(variable)
        }
        if let nameVariable = variables.first(where: { $0.name == "NAME" }) {
            if let problem = TemplateNames.dnsLabelProblem(nameVariable.defaultText) {
                error(defaultMark(of: items, name: "NAME") ?? nameVariable.mark, "the default NAME \(problem)")
            }
        } else {
            error(node.mark, "no NAME variable — declare `- name: NAME` with a default such as my-service")
        }
        return variables
    }

    private func defaultMark(of items: [YAMLNode], name: String) -> SourceMark? {
        items.first(where: { $0["name"]?.scalar == name })?["default"]?.mark
    }

    private mutating func readVariable(_ item: YAMLNode) -> TemplateVariable? {
        guard case .mapping = item.kind else {
            error(item.mark, "a variable must be a mapping with name and default — e.g. `- name: PORT` / `default: 80`")
            return nil
        }
        guard let nameNode = item["name"], let name = nameNode.scalar, !name.isEmpty else {
            error(item["name"]?.mark ?? item.mark, "a variable needs a name — add `name: SOME_NAME`")
            return nil
        }
        if !TemplateText.isReferenceName(name) {
            error(nameNode.mark, "variable name \"\(name)\" can never be referenced: $NAME and ${NAME} take ASCII letters, digits and _ only, not starting with a digit — rename it, e.g. \(TemplateText.referenceNameSuggestion(for: name))")
        }
        var variable = TemplateVariable(name: name, mark: item.mark, isAutomatic: AutomaticValues.variableNames.contains(name))
        warnUnknownKeys(item, known: Self.variableKeys, what: "variable key")
        if let defaultNode = item["default"] {
            guard let text = defaultNode.scalar else {
                error(defaultNode.mark, "the default of \(name) must be a single value, found a \(defaultNode.kindName)")
                return variable
            }
            variable.defaultText = text
            variable.defaultValue = (try? defaultNode.toJSON()) ?? .string(text)
        }
        variable.help = string(item["help"], field: "help of \(name)")
        variable.label = string(item["label"], field: "label of \(name)")
        variable.secret = bool(item["secret"], field: "secret of \(name)")
        if let typeNode = item["type"] {
            if let text = typeNode.scalar, let type = TemplateVariableType(rawValue: text) {
                variable.type = type
            } else {
                let allowed = TemplateVariableType.allCases.map(\.rawValue).joined(separator: ", ")
                error(typeNode.mark, "unknown type \"\(typeNode.scalar ?? typeNode.kindName)\" for \(name) — use one of \(allowed)")
            }
        }
        if let choicesNode = item["choices"] {
            if case .sequence(let entries) = choicesNode.kind, entries.allSatisfy({ $0.scalar != nil }), !entries.isEmpty {
                variable.choices = entries.compactMap(\.scalar)
            } else {
                error(choicesNode.mark, "choices of \(name) must be a non-empty list of values")
            }
        }
        for key in ["min", "max"] {
            guard let node = item[key] else { continue }
            guard let text = node.scalar, let number = TemplateVariable.number(text) else {
                error(node.mark, "\(key) of \(name) must be a number")
                continue
            }
            if key == "min" { variable.minimum = number } else { variable.maximum = number }
        }
        if let minimum = variable.minimum, let maximum = variable.maximum, minimum > maximum {
            error(item["max"]?.mark ?? item.mark, "max of \(name) is below its min — swap them")
        }
        if let patternNode = item["pattern"], let pattern = string(patternNode, field: "pattern of \(name)") {
            if (try? Regex(pattern)) == nil {
                error(patternNode.mark, "pattern of \(name) is not a valid regular expression")
            } else {
                variable.pattern = pattern
            }
        }
        if variable.type == .choice, variable.choices.isEmpty, item["choices"] == nil {
            error(item["type"]?.mark ?? item.mark, "\(name) has type choice but no choices — add `choices: [a, b]`")
        } else if let problem = variable.violation(of: variable.defaultText) {
            error(item["default"]?.mark ?? item.mark, "default: \(problem) — change the default or the type")
        }
        return variable
    }
}

/// Kubernetes name rules used by templates.
public enum TemplateNames {
    /// Why `text` is not a DNS-1123 label, or nil when it is one.
    public static func dnsLabelProblem(_ text: String) -> String? {
        if text.isEmpty { return "is empty — use lower-case letters, digits and '-', e.g. my-service" }
        if text.utf8.count > 63 { return "\"\(text)\" is longer than 63 characters — shorten it" }
        let bytes = Array(text.utf8)
        let ok = bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2d }
        guard ok, bytes.first != 0x2d, bytes.last != 0x2d else {
            return "\"\(text)\" is not a DNS-1123 label — use lower-case letters, digits and '-', starting and ending with a letter or digit"
        }
        return nil
    }
}
