/// Renders a template's resource documents: substitution on parsed scalars
/// (never on text), so a value can never add keys, items or documents.
/// A plain scalar that is exactly one reference takes the value's YAML 1.1
/// type; quoted scalars and longer text get the value spliced in as text;
/// mapping keys are substituted as text and stay strings.
struct TemplateRenderer {
    let template: Template

    private var file: String { template.file }

    /// The value of every declared variable: given, automatic, or the default.
    func resolve(values: [String: String], automatic: AutomaticValues) throws -> [String: String] {
        var problems: [TemplateDiagnostic] = []
        let declared = template.variables.map(\.name)
        for key in values.keys.sorted() where template.variable(named: key) == nil {
            let list = declared.isEmpty ? "none" : declared.joined(separator: ", ")
            problems.append(TemplateDiagnostic(
                file: file, mark: nil,
                message: "unknown variable \(key) — this template declares \(list)"))
        }
        var resolved: [String: String] = [:]
        for variable in template.variables {
            if let given = values[variable.name] {
                resolved[variable.name] = given
                if let problem = variable.violation(of: given) {
                    problems.append(TemplateDiagnostic(file: file, mark: variable.mark, message: "\(problem) — give a valid value"))
                }
            } else if variable.isAutomatic, let auto = automatic.value(for: variable.name) {
                resolved[variable.name] = auto
            } else {
                resolved[variable.name] = variable.defaultText
            }
        }
        if let name = resolved["NAME"], values["NAME"] != nil, let problem = TemplateNames.dnsLabelProblem(name) {
            let mark = template.variable(named: "NAME")?.mark
            problems.append(TemplateDiagnostic(file: file, mark: mark, message: "NAME \(problem)"))
        }
        if !problems.isEmpty { throw TemplateError(diagnostics: problems) }
        return resolved
    }

    func render(values: [String: String], automatic: AutomaticValues) throws -> [JSONValue] {
        let resolved = try resolve(values: values, automatic: automatic)
        var problems: [TemplateDiagnostic] = []
        var manifests: [JSONValue] = []
        for (index, document) in template.documents.enumerated() {
            let rendered = Self.substitute(document, values: resolved, isKey: false)
            do {
                let json = try rendered.toJSON()
                if let problem = Self.objectProblem(json) {
                    problems.append(TemplateDiagnostic(
                        file: file, mark: document.mark,
                        message: "document \(index + 1) is not a Kubernetes object: \(problem) — every resource needs apiVersion, kind and metadata.name"))
                }
                manifests.append(json)
            } catch let error as YAMLError {
                problems.append(TemplateDiagnostic(file: file, mark: error.mark ?? document.mark, message: error.message))
            }
        }
        if !problems.isEmpty { throw TemplateError(diagnostics: problems) }
        return manifests
    }

    /// Why a rendered document is not a Kubernetes object, nil when it is.
    static func objectProblem(_ json: JSONValue) -> String? {
        guard case .object(let object) = json else { return "it is not a mapping" }
        var missing: [String] = []
        for key in ["apiVersion", "kind"] {
            if case .string(let s)? = object[key], !s.isEmpty { continue }
            missing.append(key)
        }
        if case .string(let s)? = json.at("metadata", "name"), !s.isEmpty {} else { missing.append("metadata.name") }
        return missing.isEmpty ? nil : "missing " + missing.joined(separator: ", ")
    }

    /// The node with every declared reference replaced.
    static func substitute(_ node: YAMLNode, values: [String: String], isKey: Bool) -> YAMLNode {
        var copy = node
        switch node.kind {
        case .scalar(let text, let style):
            let parsed = TemplateText(text)
            if !isKey, style == .plain, let name = parsed.soleReference, let value = values[name] {
                // Exactly one reference in a plain scalar: the value's own YAML type.
                copy.kind = .scalar(value, .plain)
                return copy
            }
            guard let replaced = parsed.substituted({ values[$0] }) else { return node }
            copy.kind = .scalar(replaced, style == .plain && node.tag == nil ? .doubleQuoted : style)
        case .sequence(let items):
            copy.kind = .sequence(items.map { substitute($0, values: values, isKey: false) })
        case .mapping(let pairs):
            copy.kind = .mapping(pairs.map {
                YAMLPair(key: substitute($0.key, values: values, isKey: true), value: substitute($0.value, values: values, isKey: false))
            })
        }
        return copy
    }

    /// One warning per name referenced but not declared (left as written).
    func undeclaredReferenceWarnings() -> [TemplateDiagnostic] {
        let declared = Set(template.variables.map(\.name))
        var warned = Set<String>()
        var warnings: [TemplateDiagnostic] = []
        func visit(_ node: YAMLNode) {
            switch node.kind {
            case .scalar(let text, _):
                for name in TemplateText(text).referencedNames where !declared.contains(name) && !warned.contains(name) {
                    warned.insert(name)
                    warnings.append(TemplateDiagnostic(
                        file: file, mark: node.mark, severity: .warning,
                        message: "$\(name) is not a declared variable and is left as written — declare it under variables, or write $$ for a literal $"))
                }
            case .sequence(let items):
                items.forEach(visit)
            case .mapping(let pairs):
                for pair in pairs {
                    visit(pair.key)
                    visit(pair.value)
                }
            }
        }
        template.documents.forEach(visit)
        return warnings
    }
}
