/// Replaces the declared references in one resource document, scalar by
/// scalar (never on text), knowing where each scalar lands: its field path
/// in an object of the document's apiVersion and kind, typed by the
/// Kubernetes schema (`FieldSchema`).
///
/// A plain scalar that is exactly one reference takes the value's YAML 1.1
/// type, except where the schema types the field as a string (`env[].value`,
/// labels, annotations, ConfigMap data, args, command, image): there it stays
/// a string, so `--set PASSWORD=12345` renders `"12345"` as the API server
/// wants it. A value that cannot be what a number or boolean field needs
/// (`replicas: $SERVERS` with SERVERS=three) is an error at the reference's
/// file:line:col. Quoted scalars and references inside longer text are
/// spliced in as text; mapping keys are substituted as text.
struct TemplateSubstitution {
    let values: [String: String]
    let template: Template
    /// Problems found so far (values that do not fit their field).
    private(set) var problems: [TemplateDiagnostic] = []

    init(values: [String: String], template: Template) {
        self.values = values
        self.template = template
    }

    /// A resource document with every declared reference replaced.
    mutating func document(_ node: YAMLNode) -> YAMLNode {
        var gvk: GroupVersionKind?
        if let apiVersion = node["apiVersion"].map({ text($0) }), let kind = node["kind"].map({ text($0) }) {
            gvk = GroupVersionKind(apiVersion: apiVersion, kind: kind)
        }
        return substitute(node, isKey: false, path: [], gvk: gvk)
    }

    /// A scalar's text after substitution (for apiVersion and kind, which decide the schema).
    private func text(_ node: YAMLNode) -> String {
        guard let raw = node.scalar else { return "" }
        return TemplateText(raw).substituted { values[$0] } ?? raw
    }

    private mutating func substitute(_ node: YAMLNode, isKey: Bool, path: [String], gvk: GroupVersionKind?) -> YAMLNode {
        var copy = node
        switch node.kind {
        case .scalar(let raw, let style):
            let parsed = TemplateText(raw)
            if !isKey, style == .plain, node.tag == nil, let name = parsed.soleReference, let value = values[name] {
                copy.kind = .scalar(value, typedStyle(value, variable: name, path: path, gvk: gvk, mark: node.mark))
                return copy
            }
            guard let replaced = parsed.substituted({ values[$0] }) else { return node }
            copy.kind = .scalar(replaced, style == .plain && node.tag == nil ? .doubleQuoted : style)
        case .sequence(let items):
            copy.kind = .sequence(items.map { substitute($0, isKey: false, path: path + ["*"], gvk: gvk) })
        case .mapping(let pairs):
            copy.kind = .mapping(
                pairs.map { pair in
                    let key = substitute(pair.key, isKey: true, path: path, gvk: gvk)
                    let step = key.scalar ?? ""
                    return YAMLPair(key: key, value: substitute(pair.value, isKey: false, path: path + [step], gvk: gvk))
                })
        }
        return copy
    }

    /// How a sole reference's value is written: quoted when the field is a string,
    /// plain (the value's YAML type) otherwise; a value a number or boolean field
    /// cannot take is recorded as a problem (and left plain).
    private mutating func typedStyle(_ value: String, variable: String, path: [String], gvk: GroupVersionKind?, mark: SourceMark)
        -> YAMLScalarStyle
    {
        guard let gvk, let type = FieldSchema.type(at: path, in: gvk) else { return .plain }
        if type.isString { return .doubleQuoted }
        let wanted: String
        switch (type, YAMLScalarResolver.kind(ofPlain: value)) {
        case (.int32, .int), (.int64, .int), (.double, .int), (.double, .float), (.boolean, .bool): return .plain
        case (.int32, _), (.int64, _): wanted = "an integer"
        case (.double, _): wanted = "a number"
        case (.boolean, _): wanted = "true or false"
        default: return .plain
        }
        let shown = template.variable(named: variable)?.isSecret == true ? SecretMask.mask : value
        let field = Self.fieldText(path)
        problems.append(
            TemplateDiagnostic(
                file: template.file, mark: mark,
                message: "\(field) of \(gvk.kind) takes \(wanted), but \(variable) is \"\(shown)\" — give \(variable) \(wanted)"))
        return .plain
    }

    /// `spec.template.spec.containers[].env[].value`.
    static func fieldText(_ path: [String]) -> String {
        var out = ""
        for step in path {
            if step == "*" { out += "[]" } else { out += out.isEmpty ? step : "." + step }
        }
        return out
    }
}
