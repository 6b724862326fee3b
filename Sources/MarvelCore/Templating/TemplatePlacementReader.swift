/// Reads a template's `placement` block (a marvdash extension): `layer`,
/// `prefer`, `arch`, `site`, `gpu` and `tolerate`. Its values may reference
/// the template's variables (`layer: ${LAYER}`, `site: ${SITE}`), so one
/// template serves every layer and pilot; they are substituted like the
/// resource documents, and a value that is not valid after substitution is an
/// error naming the variable it came from.
struct TemplatePlacementReader {
    let file: String
    /// The values references take (declared variables only); nil reads the block as written.
    let values: [String: String]?
    private(set) var diagnostics: [TemplateDiagnostic] = []

    init(file: String, values: [String: String]?) {
        self.file = file
        self.values = values
    }

    static let keys = ["layer", "prefer", "arch", "site", "gpu", "tolerate"]

    /// The block's rules; nil (with diagnostics) when it is not a mapping.
    mutating func read(_ node: YAMLNode) -> TemplatePlacement? {
        guard case .mapping(let pairs) = node.kind else {
            error(node.mark, "placement must be a mapping with \(Self.keys.joined(separator: ", "))")
            return nil
        }
        var placement = TemplatePlacement()
        for pair in pairs {
            let key = pair.key.scalar ?? ""
            let value = pair.value
            switch key {
            case "layer":
                placement.layer = layer(value, field: "placement.layer")
            case "prefer":
                if case .sequence(let items) = value.kind {
                    placement.prefer = items.compactMap { layer($0, field: "placement.prefer") }
                } else if let one = layer(value, field: "placement.prefer") {
                    placement.prefer = [one]
                }
            case "arch":
                placement.arch = text(value, field: "placement.arch")
            case "site":
                placement.site = text(value, field: "placement.site")
            case "gpu":
                guard let (text, from) = scalar(value, field: "placement.gpu") else { break }
                if let n = Int(text), n >= 0 {
                    placement.gpu = n
                } else {
                    error(value.mark, "placement.gpu must be a whole number of GPUs, e.g. 1\(Self.origin(text, from))")
                }
            case "tolerate":
                placement.tolerate = tolerations(value)
            default:
                warning(pair.key.mark, "unknown placement key \"\(key)\" is ignored — use \(Self.keys.joined(separator: ", "))")
            }
        }
        return placement
    }

    // MARK: - Values

    /// A scalar's text after substitution, and the variables it came from (empty when written literally).
    private mutating func scalar(_ node: YAMLNode, field: String) -> (String, [String])? {
        guard let raw = node.scalar else {
            error(node.mark, "\(field) must be a single value, found a \(node.kindName)")
            return nil
        }
        let parsed = TemplateText(raw)
        let names = parsed.referencedNames
        guard let values else { return (raw, []) }
        return (parsed.substituted { values[$0] } ?? raw, names.filter { values[$0] != nil })
    }

    private mutating func text(_ node: YAMLNode, field: String) -> String? {
        scalar(node, field: field)?.0
    }

    private mutating func layer(_ node: YAMLNode, field: String) -> Layer? {
        guard let (text, from) = scalar(node, field: field) else { return nil }
        if let layer = Layer(rawValue: text), layer != .unassigned { return layer }
        if let variable = from.first {
            error(node.mark, "\(field) is \"\(text)\" from \(variable) — \(variable) must be edge, fog or cloud")
        } else {
            error(node.mark, "unknown layer \"\(text)\" in \(field) — use edge, fog or cloud")
        }
        return nil
    }

    private mutating func tolerations(_ node: YAMLNode) -> [PlacementToleration] {
        let items: [YAMLNode]
        switch node.kind {
        case .sequence(let list): items = list
        case .scalar: items = [node]
        case .mapping:
            error(node.mark, "placement.tolerate must be a list of KEY[=VALUE][:EFFECT], e.g. [Layer=GRNEDGE1:NoSchedule]")
            return []
        }
        var out: [PlacementToleration] = []
        for item in items {
            guard let (text, from) = scalar(item, field: "placement.tolerate") else { continue }
            do {
                out += try PlacementToleration.parseList(text)
            } catch let failure {
                self.error(item.mark, "placement.tolerate: \(failure)\(Self.origin(text, from))")
            }
        }
        return out
    }

    private static func origin(_ text: String, _ from: [String]?) -> String {
        guard let variable = from?.first else { return "" }
        return " (\"\(text)\" from \(variable))"
    }

    private mutating func error(_ mark: SourceMark?, _ message: String) {
        diagnostics.append(TemplateDiagnostic(file: file, mark: mark, severity: .error, message: message))
    }

    private mutating func warning(_ mark: SourceMark?, _ message: String) {
        diagnostics.append(TemplateDiagnostic(file: file, mark: mark, severity: .warning, message: message))
    }
}

extension Template {
    /// The placement rules for `resolved` values (every declared variable's value, as
    /// `resolvedValues` gives them): the block's references substituted and checked.
    /// Throws a TemplateError naming the field and the variable when a value does not fit.
    public func placement(resolved: [String: String]) throws -> TemplatePlacement? {
        guard let placementNode else { return placement }
        var reader = TemplatePlacementReader(file: file, values: resolved)
        let rules = reader.read(placementNode)
        let errors = reader.diagnostics.filter(\.isError)
        if !errors.isEmpty { throw TemplateError(diagnostics: errors) }
        return rules
    }

    /// Whether the block's `layer` comes from a variable (`layer: ${LAYER}`): the operator picks it.
    public var placementLayerVaries: Bool {
        guard let raw = placementNode?["layer"]?.scalar else { return false }
        return !TemplateText(raw).referencedNames.filter { variable(named: $0) != nil }.isEmpty
    }

    /// The placement rules for `values` (given by name; the others take their defaults).
    public func placement(values: [String: String], automatic: AutomaticValues) throws -> TemplatePlacement? {
        guard placementNode != nil else { return placement }
        return try placement(resolved: resolvedValues(values, automatic: automatic))
    }
}
