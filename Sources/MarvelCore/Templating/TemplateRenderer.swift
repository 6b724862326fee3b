/// Renders a template's resource documents: substitution on parsed scalars
/// (never on text, see `TemplateSubstitution`), so a value can never add keys,
/// items or documents; then the pre-flight (`ManifestPreflight`) checks every
/// object as the API server will, so nothing it would refuse is ever sent.
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
        let instance = values["NAME"] ?? template.variable(named: "NAME")?.defaultText ?? template.id
        for variable in template.variables {
            if let given = values[variable.name] {
                resolved[variable.name] = given
                if let problem = variable.violationWithHelp(of: given) {
                    problems.append(TemplateDiagnostic(file: file, mark: variable.mark, message: "\(problem) — give a valid value"))
                }
            } else if variable.isAutomatic, let auto = automatic.value(for: variable.name, instance: instance) {
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

    /// The manifests and the pre-flight's warnings (unknown fields).
    struct Rendering {
        var manifests: [JSONValue]
        var warnings: [TemplateDiagnostic]
    }

    func render(values: [String: String], automatic: AutomaticValues) throws -> [JSONValue] {
        try renderChecked(values: values, automatic: automatic).manifests
    }

    /// Renders and runs the pre-flight; throws a TemplateError with every error found.
    func renderChecked(values: [String: String], automatic: AutomaticValues) throws -> Rendering {
        let resolved = try resolve(values: values, automatic: automatic)
        var substitution = TemplateSubstitution(values: resolved, template: template)
        var problems: [TemplateDiagnostic] = []
        var documents: [(node: YAMLNode, object: JSONValue)] = []
        for (index, document) in template.documents.enumerated() {
            let rendered = substitution.document(document)
            do {
                let json = try rendered.toJSON()
                if let problem = Self.objectProblem(json) {
                    problems.append(TemplateDiagnostic(
                        file: file, mark: document.mark,
                        message: "document \(index + 1) is not a Kubernetes object: \(problem) — every resource needs apiVersion, kind and metadata.name"))
                }
                documents.append((rendered, json))
            } catch let error as YAMLError {
                problems.append(TemplateDiagnostic(file: file, mark: error.mark ?? document.mark, message: error.message))
            }
        }
        problems += substitution.problems
        if !problems.isEmpty { throw TemplateError(diagnostics: problems.sortedByPosition) }
        // The server's words may quote a value: secret ones are masked.
        let mask = SecretMask(values: resolved, secretNames: template.secretVariableNames)
        let findings = ManifestPreflight(namespace: automatic.namespace).check(documents, file: file).map { finding in
            var masked = finding
            masked.message = mask.text(finding.message)
            return masked
        }
        if findings.contains(where: \.isError) { throw TemplateError(diagnostics: findings.filter(\.isError)) }
        return Rendering(manifests: documents.map(\.object), warnings: findings)
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
