/// How a theme draws one style role: colours and attributes.
public struct ThemeStyle: Sendable, Hashable {
    public var fg: ThemeColor
    public var bg: ThemeColor
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool
    public var dim: Bool

    public init(fg: ThemeColor = .default, bg: ThemeColor = .default,
                bold: Bool = false, underline: Bool = false, reverse: Bool = false, dim: Bool = false) {
        self.fg = fg
        self.bg = bg
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
    }

    /// The attribute names a theme file accepts in `attrs`.
    public static let attributeNames = ["bold", "underline", "reverse", "dim"]
}
