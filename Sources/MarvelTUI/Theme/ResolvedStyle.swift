/// A style reduced to what the terminal can show: palette colours (-1 =
/// the terminal's default) and attributes. Pure data, so the mapping from
/// (TextStyle, Theme, ColorMode) is testable without a terminal.
public struct ResolvedStyle: Sendable, Hashable {
    public var foreground: Int
    public var background: Int
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool
    public var dim: Bool

    public init(foreground: Int = -1, background: Int = -1,
                bold: Bool = false, underline: Bool = false, reverse: Bool = false, dim: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
    }

    /// Resolves `style` with `theme` for a terminal in `mode`.
    /// - ansi256: theme colours as palette indices (RGB → nearest of 256).
    /// - eight: colours folded to 0-7 (bright foregrounds add bold; grey text
    ///   becomes dim white on dark themes; on light themes yellow text
    ///   becomes red and white text black).
    /// - none: no colours; each role keeps its theme attributes plus the
    ///   attributes that carry its meaning without colour (selection reverse,
    ///   header bold+underline, errors bold, dim text dim, …).
    public static func resolve(_ style: TextStyle, theme: Theme, mode: ColorMode) -> ResolvedStyle {
        let spec = theme.style(for: style.role)
        var out = ResolvedStyle(bold: spec.bold || style.bold, underline: spec.underline || style.underline,
                                reverse: spec.reverse || style.reverse, dim: spec.dim)
        switch mode {
        case .none:
            out.add(monochromeAttributes(for: style.role))
        case .ansi256:
            out.foreground = spec.fg.index256
            out.background = spec.bg.index256
        case .eight:
            let light = theme.background == .light
            out.background = ColorMapper.to8(spec.bg, lightBackground: light)
            switch spec.fg {
            case .named(8), .index(8):
                // Grey text: the 8-colour palette has no grey.
                out.foreground = light ? 0 : 7
                out.dim = out.dim || !light
            case .named(let n) where n > 8, .index(let n) where n > 8 && n < 16:
                out.foreground = n - 8
                out.bold = true
            default:
                out.foreground = ColorMapper.to8(spec.fg, lightBackground: light)
            }
            if light, out.background < 0, out.foreground == 3 || out.foreground == 7 {
                // Yellow and white don't read on a light background: amber leans to red, white to black.
                out.foreground = out.foreground == 3 ? 1 : 0
            }
            if out.foreground == out.background, out.foreground >= 0 {
                // Folding made text invisible: use the opposite basic colour.
                out.foreground = out.background == 0 || out.background == 4 ? 7 : 0
            }
        }
        return out
    }

    /// The attributes that stand in for a role's colour when there is none.
    public static func monochromeAttributes(for role: StyleRole) -> ResolvedStyle {
        switch role {
        case .selection, .tabActive: return ResolvedStyle(reverse: true)
        case .header: return ResolvedStyle(bold: true, underline: true)
        case .title, .statusError, .flash, .keyHint: return ResolvedStyle(bold: true)
        case .statusWarn: return ResolvedStyle(underline: true)
        case .dim, .barEmpty, .border, .layerUnassigned, .statusPending: return ResolvedStyle(dim: true)
        default: return ResolvedStyle()
        }
    }

    private mutating func add(_ other: ResolvedStyle) {
        bold = bold || other.bold
        underline = underline || other.underline
        reverse = reverse || other.reverse
        dim = dim || other.dim
    }
}
