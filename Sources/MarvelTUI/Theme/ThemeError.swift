import MarvelCore

/// A theme that can't be used: names the file, the position or field, what
/// is wrong and what to write instead.
public struct ThemeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String?
    public var mark: SourceMark?
    /// The dotted field, e.g. "colors.status.ok.fg".
    public var field: String?
    public var message: String

    public init(file: String?, mark: SourceMark? = nil, field: String? = nil, message: String) {
        self.file = file
        self.mark = mark
        self.field = field
        self.message = message
    }

    /// "file:line:col: field: message", leaving out the parts not known.
    public var description: String {
        var location = file ?? ""
        if let mark { location += location.isEmpty ? "\(mark)" : ":\(mark)" }
        var parts: [String] = []
        if !location.isEmpty { parts.append(location) }
        if let field { parts.append(field) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}
