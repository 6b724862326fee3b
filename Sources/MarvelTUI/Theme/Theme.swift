/// Whether a theme is made for a dark or a light terminal background; it
/// decides how greys fold on 8-colour terminals.
public enum ThemeBackground: String, Sendable, Hashable {
    case dark, light
}

/// A colour theme: a style for every role. Loaded from `Themes/NAME.yaml`
/// (`name`, optional `background: dark|light`, `colors:` role → {fg, bg, attrs});
/// roles a file leaves out keep `builtinDefault`'s style.
public struct Theme: Sendable, Hashable {
    public var name: String
    public var background: ThemeBackground
    public var styles: [StyleRole: ThemeStyle]

    public init(name: String, background: ThemeBackground = .dark, styles: [StyleRole: ThemeStyle]) {
        self.name = name
        self.background = background
        self.styles = styles
    }

    /// The style for `role`: this theme's, else the built-in default's, else plain.
    public func style(for role: StyleRole) -> ThemeStyle {
        styles[role] ?? Theme.builtinStyles[role] ?? ThemeStyle()
    }

    /// The dark default theme, used when no theme file is found. It matches
    /// Themes/default.yaml.
    public static let builtinDefault = Theme(name: "default", background: .dark, styles: builtinStyles)

    private static let builtinStyles: [StyleRole: ThemeStyle] = [
        .normal: ThemeStyle(),
        .title: ThemeStyle(fg: .named(14), bold: true),
        .tab: ThemeStyle(fg: .index(250), bg: .index(236)),
        .tabActive: ThemeStyle(fg: .index(16), bg: .index(44), bold: true),
        .border: ThemeStyle(fg: .named(8)),
        .header: ThemeStyle(fg: .index(252), bg: .index(238), bold: true),
        .selection: ThemeStyle(fg: .index(16), bg: .index(117)),
        .statusOK: ThemeStyle(fg: .index(40)),
        .statusWarn: ThemeStyle(fg: .index(214)),
        .statusError: ThemeStyle(fg: .index(196), bold: true),
        .statusPending: ThemeStyle(fg: .index(75)),
        .layerEdge: ThemeStyle(fg: .index(78)),
        .layerFog: ThemeStyle(fg: .index(220)),
        .layerCloud: ThemeStyle(fg: .index(39)),
        .layerUnassigned: ThemeStyle(fg: .named(8)),
        .series1: ThemeStyle(fg: .index(81)),
        .series2: ThemeStyle(fg: .index(213)),
        .series3: ThemeStyle(fg: .index(148)),
        .series4: ThemeStyle(fg: .index(209)),
        .dim: ThemeStyle(fg: .named(8)),
        .keyHint: ThemeStyle(fg: .index(117), bold: true),
        .flash: ThemeStyle(fg: .index(230), bg: .index(24), bold: true),
        .barFill: ThemeStyle(fg: .index(40)),
        .barEmpty: ThemeStyle(fg: .named(8)),
    ]
}
