/// A run of text in one style.
public struct StyledSpan: Sendable, Hashable {
    public var text: String
    public var style: TextStyle

    public init(_ text: String, _ style: TextStyle = .normal) {
        self.text = text
        self.style = style
    }
}

/// One line made of styled spans, as shown by the text viewer and help.
public struct StyledLine: Sendable, Hashable, ExpressibleByStringLiteral {
    public var spans: [StyledSpan]

    public init(_ spans: [StyledSpan]) { self.spans = spans }
    public init(_ text: String, _ style: TextStyle = .normal) { self.spans = [StyledSpan(text, style)] }
    public init(stringLiteral value: String) { self.init(value) }

    /// The line's text without styles.
    public var plainText: String { spans.map(\.text).joined() }
    public static let empty = StyledLine([])
}
