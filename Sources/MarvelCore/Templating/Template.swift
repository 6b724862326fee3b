import Foundation

/// A loaded MARVdash/Karvdash template from one file: its metadata
/// document (kind Template with name and variables) and the resource
/// documents, kept as YAML nodes with their source marks.
public struct Template: Sendable {
    /// The file name up to its first dot (`redis.template.yaml` → `redis`).
    public var id: String
    public var file: String
    public var name: String
    public var description: String
    public var singleton: Bool
    public var auth: Bool
    public var datasets: Bool
    public var variables: [TemplateVariable]
    /// The placement rules with every variable at its default (tables, hints); a deploy
    /// reads them for its own values with `placement(resolved:)`.
    public var placement: TemplatePlacement?
    /// The `placement` block as written, references and all.
    public var placementNode: YAMLNode?
    /// The resource documents (everything but the metadata document).
    public var documents: [YAMLNode]
    /// Findings that do not stop the template from being used.
    public var warnings: [TemplateDiagnostic]
    /// Where the metadata document starts.
    public var metadataMark: SourceMark
    /// What the workloads ask for (`PodRequests` per pod: requests, else limits, every
    /// extended resource), times replicas, rendered with the defaults.
    public internal(set) var resourceRequests: [String: Quantity]

    /// A template from its parts (tests and tools; files go through `load`/`parse`).
    public init(
        id: String, file: String, name: String, description: String = "", singleton: Bool = false, auth: Bool = true,
        datasets: Bool = true, variables: [TemplateVariable] = [], placement: TemplatePlacement? = nil,
        documents: [YAMLNode] = [], warnings: [TemplateDiagnostic] = [], metadataMark: SourceMark = SourceMark(line: 1, column: 1),
        resourceRequests: [String: Quantity] = [:]
    ) {
        self.id = id
        self.file = file
        self.name = name
        self.description = description
        self.singleton = singleton
        self.auth = auth
        self.datasets = datasets
        self.variables = variables
        self.placement = placement
        self.documents = documents
        self.warnings = warnings
        self.metadataMark = metadataMark
        self.resourceRequests = resourceRequests
    }

    /// The id a template file gets: its file name up to the first dot.
    public static func id(forFile file: String) -> String {
        let base = (file as NSString).lastPathComponent
        return String(base.prefix(while: { $0 != "." }))
    }

    /// The variable called `name`, if declared.
    public func variable(named name: String) -> TemplateVariable? {
        variables.first(where: { $0.name == name })
    }

    /// Variables shown in a form (the automatic ones are hidden).
    public var formVariables: [TemplateVariable] { variables.filter { !$0.isAutomatic } }

    /// Reads and parses a template file; throws a TemplateError naming file:line:col.
    public static func load(file: String) throws -> Template {
        try parse(try readText(file: file), file: file)
    }

    /// Parses a template; throws a TemplateError holding every error found.
    public static func parse(_ text: String, file: String) throws -> Template {
        let (template, diagnostics) = analyse(text, file: file)
        guard let template, !diagnostics.contains(where: \.isError) else {
            throw TemplateError(diagnostics: diagnostics)
        }
        return template
    }

    /// Every error and warning for a template file, in source order.
    public static func lint(file: String) -> [TemplateDiagnostic] {
        do {
            return analyse(try readText(file: file), file: file).diagnostics
        } catch let error as TemplateError {
            return error.diagnostics
        } catch {
            return [TemplateDiagnostic(file: file, mark: nil, message: "\(error)")]
        }
    }

    /// Every error and warning for a template text.
    public static func lint(_ text: String, file: String) -> [TemplateDiagnostic] {
        analyse(text, file: file).diagnostics
    }

    static func readText(file: String) throws -> String {
        // One byte over the YAML size limit is enough for the parser to refuse it (and a
        // device such as /dev/zero is not read forever).
        let data: [UInt8]
        do {
            data = try LocalFile.read(file, limit: YAMLLimits().maxBytes + 1)
        } catch where error.code == EFBIG {
            throw TemplateError(TemplateDiagnostic(
                file: file, mark: nil, message: "the file is larger than \(YAMLLimits().maxBytes >> 20) MiB; split it"))
        } catch {
            throw TemplateError(TemplateDiagnostic(
                file: file, mark: nil, message: "cannot read the file (\(error.detail)) — check that the path exists and is readable"))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw TemplateError(TemplateDiagnostic(
                file: file, mark: nil, message: "the file is not UTF-8 text — save it as UTF-8"))
        }
        return text
    }

    /// Parses, validates the metadata and renders with the defaults, collecting findings.
    static func analyse(_ text: String, file: String) -> (template: Template?, diagnostics: [TemplateDiagnostic]) {
        let nodes: [YAMLNode]
        do {
            nodes = try YAML.parse(text, file: file)
        } catch let error as YAMLError {
            return (nil, [TemplateDiagnostic(file: file, mark: error.mark, message: error.message)])
        } catch {
            return (nil, [TemplateDiagnostic(file: file, mark: nil, message: "\(error)")])
        }
        var reader = TemplateMetadataReader(file: file)
        guard var template = reader.read(nodes) else { return (nil, reader.diagnostics.sortedByPosition) }
        var diagnostics = reader.diagnostics
        diagnostics += TemplateRenderer(template: template).undeclaredReferenceWarnings()
        if !diagnostics.contains(where: \.isError) {
            do {
                let rendering = try TemplateRenderer(template: template).renderChecked(values: [:], automatic: AutomaticValues())
                template.resourceRequests = TemplateRequests.sum(rendering.manifests)
                diagnostics += rendering.warnings
            } catch let error as TemplateError {
                diagnostics += error.diagnostics
            } catch {
                diagnostics.append(TemplateDiagnostic(file: file, mark: nil, message: "\(error)"))
            }
        }
        diagnostics = diagnostics.sortedByPosition
        template.warnings = diagnostics.filter { !$0.isError }
        return (template, diagnostics)
    }

    /// Renders the resource documents with `values` (by variable name; given
    /// values win, undeclared automatic ones come from `automatic`, the rest
    /// take their defaults) into
    /// Kubernetes manifests. Throws a TemplateError for an unknown or invalid
    /// value or a document that is not a Kubernetes object.
    public func render(values: [String: String], automatic: AutomaticValues) throws -> [JSONValue] {
        try TemplateRenderer(template: self).render(values: values, automatic: automatic)
    }

    /// The value each variable takes for `values` and `automatic` (validated).
    public func resolvedValues(_ values: [String: String], automatic: AutomaticValues) throws -> [String: String] {
        try TemplateRenderer(template: self).resolve(values: values, automatic: automatic)
    }
}

extension Array where Element == TemplateDiagnostic {
    /// Sorted by line and column; findings without a position first; stable otherwise.
    var sortedByPosition: [TemplateDiagnostic] {
        enumerated().sorted { a, b in
            let ka = (a.element.mark?.line ?? 0, a.element.mark?.column ?? 0, a.offset)
            let kb = (b.element.mark?.line ?? 0, b.element.mark?.column ?? 0, b.offset)
            return ka < kb
        }.map(\.element)
    }
}
