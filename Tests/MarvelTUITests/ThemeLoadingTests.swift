import Foundation
import Testing
import MarvelTUI

/// The repository's Themes folder, found from this file's path.
let themesFolder: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Themes").path

@Suite struct ThemeLoadingTests {
    static let shipped = ["default", "light", "solarized-dark"]

    @Test func theShippedThemesAreAvailable() {
        #expect(Theme.available(in: [themesFolder]) == Self.shipped)
        #expect(Theme.available(in: ["/nonexistent/marvdash-themes"]) == [])
    }

    @Test(arguments: shipped)
    func eachShippedThemeLoadsAndStylesEveryRole(name: String) throws {
        let theme = try Theme.load(named: name, searchPaths: ["/nonexistent", themesFolder])
        #expect(theme.name == name)
        for role in StyleRole.allCases {
            #expect(theme.styles[role] != nil, "\(name).yaml leaves out \(role.rawValue)")
        }
    }

    @Test func defaultYAMLMatchesTheBuiltinDefault() throws {
        let theme = try Theme.load(path: themesFolder + "/default.yaml")
        #expect(theme == Theme.builtinDefault)
    }

    @Test func layerColoursOfTheDefaultTheme() {
        let theme = Theme.builtinDefault
        // cloud blue/cyan, fog yellow/amber, edge green: check the dominant channels.
        let cloud = ColorMapper.rgb(ofIndex: theme.style(for: .layerCloud).fg.index256)
        let fog = ColorMapper.rgb(ofIndex: theme.style(for: .layerFog).fg.index256)
        let edge = ColorMapper.rgb(ofIndex: theme.style(for: .layerEdge).fg.index256)
        #expect(cloud.b > cloud.r && cloud.b >= cloud.g)
        #expect(fog.r > fog.b && fog.g > fog.b && fog.r >= fog.g)
        #expect(edge.g > edge.r && edge.g > edge.b)
    }

    @Test func lightThemeHasNoPaleTextOnTheTerminalBackground() throws {
        let theme = try Theme.load(named: "light", searchPaths: [themesFolder])
        #expect(theme.background == .light)
        for role in StyleRole.allCases {
            let style = theme.style(for: role)
            guard style.bg == .default, style.fg != .default else { continue }
            if case .named(let n) = style.fg { #expect(![3, 7, 11, 15].contains(n), "\(role.rawValue) is white/yellow") }
            let (r, g, b) = ColorMapper.rgb(ofIndex: style.fg.index256)
            let luminance = (0.2126 * Double(r) + 0.7152 * Double(g) + 0.0722 * Double(b)) / 255
            #expect(luminance < 0.7, "\(role.rawValue) is too pale for a light background")
        }
    }

    @Test func solarizedUsesRGBColours() throws {
        let theme = try Theme.load(named: "solarized-dark", searchPaths: [themesFolder])
        #expect(theme.style(for: .title).fg == .rgb(0x26, 0x8b, 0xd2))
        #expect(theme.style(for: .title).fg.index256 == 32)
        #expect(theme.style(for: .title).bold)
    }

    @Test func unknownThemeNameListsTheAvailableOnes() {
        do {
            _ = try Theme.load(named: "neon", searchPaths: [themesFolder])
            Issue.record("loading a missing theme succeeded")
        } catch {
            let text = String(describing: error)
            #expect(text.contains("no theme 'neon'"))
            #expect(text.contains("available: default, light, solarized-dark"))
        }
        #expect(throws: ThemeError.self) { try Theme.load(named: "../default", searchPaths: [themesFolder]) }
    }

    @Test func missingFileNamesThePath() {
        do {
            _ = try Theme.load(path: "/nonexistent/x.yaml")
            Issue.record("loading a missing file succeeded")
        } catch {
            #expect(String(describing: error) == "/nonexistent/x.yaml: cannot read the theme: no such file")
        }
    }

    @Test func loadsFromAFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "colors:\n  title: magenta\n".write(to: folder.appendingPathComponent("mine.yml"), atomically: true, encoding: .utf8)
        #expect(Theme.available(in: [folder.path, themesFolder]).contains("mine"))
        let theme = try Theme.load(named: "mine", searchPaths: [folder.path])
        #expect(theme.name == "mine")
        #expect(theme.style(for: .title) == ThemeStyle(fg: .named(5)))
    }
}
