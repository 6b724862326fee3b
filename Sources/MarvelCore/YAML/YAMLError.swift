/// A YAML problem: bad syntax, a refused document or a value that does not
/// convert. Printed as "file:line:col: message", leaving out missing parts.
public struct YAMLError: Error, Sendable, CustomStringConvertible {
    public var file: String?
    public var mark: SourceMark?
    public var message: String

    public init(file: String? = nil, mark: SourceMark? = nil, message: String) {
        self.file = file
        self.mark = mark
        self.message = message
    }

    public var description: String {
        var prefix = ""
        if let file { prefix += file + ":" }
        if let mark { prefix += mark.description + ":" }
        return prefix.isEmpty ? message : prefix + " " + message
    }
}

/// Resource limits applied while parsing untrusted YAML.
public struct YAMLLimits: Sendable {
    /// Largest accepted input, in UTF-8 bytes.
    public var maxBytes: Int = 8 << 20
    /// Most nodes that alias expansion may copy into one stream.
    public var maxAliasExpansion: Int = 100_000
    /// Most scalar text, in UTF-8 bytes, that alias expansion may copy into one stream
    /// (as much as a document could hold without aliases).
    public var maxAliasExpansionBytes: Int = 8 << 20
    /// Deepest accepted nesting of sequences and mappings.
    public var maxDepth: Int = 256

    public init() {}
}
