import Testing
import MarvelTUI

@Suite struct ThemeResolveTests {
    let theme = Theme.builtinDefault

    @Test func noColorUsesAttributesOnly() {
        func resolve(_ role: StyleRole) -> ResolvedStyle { ResolvedStyle.resolve(TextStyle(role), theme: theme, mode: .none) }
        for role in StyleRole.allCases {
            #expect(resolve(role).foreground == -1 && resolve(role).background == -1)
        }
        #expect(resolve(.selection).reverse)
        #expect(resolve(.tabActive).reverse)
        #expect(resolve(.header).bold && resolve(.header).underline)
        #expect(resolve(.statusError).bold)
        #expect(resolve(.dim).dim)
        #expect(resolve(.normal) == ResolvedStyle())
        #expect(ResolvedStyle.resolve(TextStyle(.normal, underline: true), theme: theme, mode: .none).underline)
    }

    @Test func ansi256UsesThePaletteIndices() {
        let error = ResolvedStyle.resolve(TextStyle(.statusError), theme: theme, mode: .ansi256)
        #expect(error == ResolvedStyle(foreground: 196, bold: true))
        let selection = ResolvedStyle.resolve(TextStyle(.selection), theme: theme, mode: .ansi256)
        #expect(selection.foreground == 16 && selection.background == 117 && !selection.reverse)
        let title = ResolvedStyle.resolve(TextStyle(.title), theme: theme, mode: .ansi256)
        #expect(title.foreground == 14 && title.bold)
        let extra = ResolvedStyle.resolve(TextStyle(.normal, bold: true, reverse: true), theme: theme, mode: .ansi256)
        #expect(extra == ResolvedStyle(bold: true, reverse: true))
    }

    @Test func eightColoursFoldTheTheme() {
        func resolve(_ role: StyleRole, _ t: Theme = Theme.builtinDefault) -> ResolvedStyle {
            ResolvedStyle.resolve(TextStyle(role), theme: t, mode: .eight)
        }
        #expect(resolve(.title) == ResolvedStyle(foreground: 6, bold: true))     // bright cyan → cyan + bold
        #expect(resolve(.dim) == ResolvedStyle(foreground: 7, dim: true))         // grey → dim white
        #expect(resolve(.statusError) == ResolvedStyle(foreground: 1, bold: true))
        #expect(resolve(.statusOK).foreground == 2)
        #expect(resolve(.layerCloud).foreground == 6 || resolve(.layerCloud).foreground == 4)
        #expect(resolve(.layerFog).foreground == 3)
        #expect(resolve(.layerEdge).foreground == 2)
        #expect(resolve(.flash).background == 6)              // deep sky blue is nearer cyan
        let light = Theme(name: "l", background: .light, styles: [.layerFog: ThemeStyle(fg: .index(214)), .dim: ThemeStyle(fg: .named(8))])
        #expect(resolve(.layerFog, light).foreground == 1)    // no yellow text on a light background
        #expect(resolve(.dim, light) == ResolvedStyle(foreground: 0))
    }

    @Test func foldingNeverHidesText() {
        let same = Theme(name: "s", styles: [.header: ThemeStyle(fg: .index(18), bg: .index(19))])
        let header = ResolvedStyle.resolve(TextStyle(.header), theme: same, mode: .eight)
        #expect(header.background == 4 && header.foreground == 7)
    }

    @Test(arguments: ThemeLoadingTests.shipped)
    func shippedThemesStayReadableInEveryMode(name: String) throws {
        let theme = try Theme.load(named: name, searchPaths: [themesFolder])
        for mode in [ColorMode.eight, .ansi256] {
            for role in StyleRole.allCases {
                let r = ResolvedStyle.resolve(TextStyle(role), theme: theme, mode: mode)
                #expect(r.foreground != r.background || r.foreground == -1, "\(name) \(role.rawValue) in \(mode)")
            }
        }
    }

    @Test func colorModeChoice() {
        #expect(ColorMode.choose(environment: ["NO_COLOR": "1"], terminalColors: 256, hasColors: true) == .none)
        #expect(ColorMode.choose(environment: ["NO_COLOR": ""], terminalColors: 256, hasColors: true) == .ansi256)
        #expect(ColorMode.choose(environment: [:], terminalColors: 8, hasColors: true) == .eight)
        #expect(ColorMode.choose(environment: [:], terminalColors: 16, hasColors: true) == .eight)
        #expect(ColorMode.choose(environment: [:], terminalColors: 0, hasColors: false) == .none)
        #expect(ColorMode.choose(environment: [:], terminalColors: 0x1000000, hasColors: true) == .ansi256)
    }
}
