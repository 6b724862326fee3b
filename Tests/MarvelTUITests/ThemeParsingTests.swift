import Testing
import MarvelTUI

@Suite struct ThemeParsingTests {
    private func error(_ text: String, file: String = "t.yaml") -> String {
        do {
            _ = try Theme.parse(text, file: file)
            return "no error"
        } catch {
            return String(describing: error)
        }
    }

    @Test func fullAndShortRoleForms() throws {
        let theme = try Theme.parse("""
            name: mine
            background: light
            colors:
              title: cyan
              header: {fg: "#ffffff", bg: 238, attrs: [bold, underline]}
              status.error: {fg: bright-red, attrs: "bold, reverse"}
              dim: {fg: grey, attrs: dim}
              selection: {attrs: [reverse]}
            """, file: "mine.yaml")
        #expect(theme.name == "mine")
        #expect(theme.background == .light)
        #expect(theme.styles[.title] == ThemeStyle(fg: .named(6)))
        #expect(theme.styles[.header] == ThemeStyle(fg: .rgb(255, 255, 255), bg: .index(238), bold: true, underline: true))
        #expect(theme.styles[.statusError] == ThemeStyle(fg: .named(9), bold: true, reverse: true))
        #expect(theme.styles[.dim] == ThemeStyle(fg: .named(8), dim: true))
        #expect(theme.styles[.selection] == ThemeStyle(reverse: true))
    }

    @Test func missingRolesFallBackToTheBuiltinDefault() throws {
        let theme = try Theme.parse("name: partial\ncolors:\n  title: red\n", file: "partial.yaml")
        #expect(theme.styles[.statusOK] == nil)
        #expect(theme.style(for: .statusOK) == Theme.builtinDefault.style(for: .statusOK))
        #expect(theme.style(for: .title) == ThemeStyle(fg: .named(1)))
        #expect(try Theme.parse("colors:\n", file: "/x/empty.yaml").name == "empty")
    }

    @Test func badColourNamesFileLineColumnAndField() {
        #expect(error("""
            name: bad
            colors:
              status.ok:
                fg: purpl
            """, file: "Themes/bad.yaml")
            == "Themes/bad.yaml:4:9: colors.status.ok.fg: unknown colour 'purpl' (use one of the 16 names, default, 0..255 or #rrggbb)")
        #expect(error("colors:\n  title: {bg: 256}\n") == "t.yaml:2:15: colors.title.bg: unknown colour '256' (use one of the 16 names, default, 0..255 or #rrggbb)")
        #expect(error("colors:\n  title: {bg: \"#12345\"}\n").hasPrefix("t.yaml:2:15: colors.title.bg: unknown colour '#12345'"))
    }

    @Test func unquotedHexIsACommentAndSaysSo() {
        // In a flow mapping the comment swallows the closing brace: a YAML syntax error, with a hint.
        let flow = error("colors:\n  title: {fg: #ff0000}\n")
        #expect(flow.hasPrefix("t.yaml:3:1: "))
        #expect(flow.hasSuffix("(an unquoted # starts a comment: write colours in quotes, fg: \"#ff8700\")"))
        let text = error("colors:\n  title:\n    fg: #ff0000\n")
        #expect(text.hasPrefix("t.yaml:3:"))
        #expect(text.contains("colors.title.fg: missing colour"))
        #expect(text.contains("in quotes"))
    }

    @Test func unknownRoleNamesLineAndColumn() {
        let text = error("name: x\ncolors:\n  normal: default\n  stauts.ok: {fg: red}\n")
        #expect(text.hasPrefix("t.yaml:4:3: colors.stauts.ok: unknown role (roles: normal, title,"))
        #expect(text.contains("status.ok"))
    }

    @Test func unknownFieldsKeysAndAttributes() {
        #expect(error("colors:\n  title: {fgg: red}\n") == "t.yaml:2:11: colors.title.fgg: unknown field (use fg, bg, attrs)")
        #expect(error("colours:\n  title: red\n") == "t.yaml:1:1: colours: unknown key (a theme has name, background and colors)")
        #expect(error("colors:\n  title: {attrs: [bold, blink]}\n")
            == "t.yaml:2:25: colors.title.attrs: unknown attribute 'blink' (use bold, underline, reverse, dim)")
        #expect(error("background: grey\n") == "t.yaml:1:13: background: unknown background 'grey' (use dark or light)")
        #expect(error("colors:\n  title: red\n  title: blue\n").hasPrefix("t.yaml:3:3: colors.title: appears twice"))
        #expect(error("colors: [red]\n").hasPrefix("t.yaml:1:9: colors: must map role names"))
        #expect(error("- a\n- b\n").hasPrefix("t.yaml:1:1: a theme is a mapping"))
    }

    @Test func yamlSyntaxErrorsKeepTheirPosition() {
        let text = error("name: x\ncolors:\n  title: {fg: red\n")
        #expect(text.hasPrefix("t.yaml:"))
        #expect(text.split(separator: ":").count >= 4)
    }
}
