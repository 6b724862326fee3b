/// One finding about a template file, with its position:
/// printed as "file:line:col: error: message — what to do".
public struct TemplateDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How bad a finding is.
    public enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    public var file: String
    public var mark: SourceMark?
    public var severity: Severity
    public var message: String

    public init(file: String, mark: SourceMark?, severity: Severity = .error, message: String) {
        self.file = file
        self.mark = mark
        self.severity = severity
        self.message = message
    }

    public var isError: Bool { severity == .error }

    public var description: String {
        var prefix = file + ":"
        if let mark { prefix += mark.description + ":" }
        return "\(prefix) \(severity.rawValue): \(message)"
    }
}

/// A template that cannot be loaded or rendered; `description` is its first error line.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [TemplateDiagnostic]

    public init(diagnostics: [TemplateDiagnostic]) {
        self.diagnostics = diagnostics
    }

    public init(_ diagnostic: TemplateDiagnostic) {
        self.diagnostics = [diagnostic]
    }

    public var description: String {
        (diagnostics.first(where: \.isError) ?? diagnostics.first)?.description ?? "template error"
    }
}
