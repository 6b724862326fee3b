import Foundation
import Testing
@testable import MarvelCore

@Suite struct SettingsTests {
    let loader = SettingsLoader(environment: [:])

    @Test func readsEveryField() throws {
        let s = try loader.parse(
            """
            theme: light
            namespace: marvel
            refreshSeconds: 5
            readOnly: yes
            mouse: true
            layers:
              labelKeys: [tier, Layer]
              siteKey: example.com/site
            templateDirs: [/srv/templates]
            """, file: "config.yaml")
        #expect(s.theme == "light")
        #expect(s.namespace == "marvel")
        #expect(s.refreshSeconds == 5)
        #expect(s.readOnly)
        #expect(s.mouse)
        #expect(s.layerRules.labelKeys == ["tier", "Layer"])
        #expect(s.layerRules.siteKey == "example.com/site")
        #expect(s.layerRules.layer(of: ["tier": "FOG-1"]) == .fog)
        #expect(s.templateDirs == ["/srv/templates"])
    }

    @Test func emptyFileGivesDefaults() throws {
        let s = try loader.parse("", file: "config.yaml")
        #expect(s.refreshSeconds == 60)
        #expect(s.client == KubeClientOptions())
        #expect(s.readOnly == false)
        #expect(s.mouse == false)
        #expect(s.layerRules == LayerRules())
    }

    @Test func unknownSettingNamesItsPosition() {
        do {
            _ = try loader.parse("theme: dark\nthem: light\n", file: "/c/config.yaml")
            Issue.record("expected an error")
        } catch let e as SettingsError {
            #expect(e.description.hasPrefix("/c/config.yaml:2:1: unknown setting 'them'"))
        } catch { Issue.record("wrong error: \(error)") }
    }

    @Test func badValuesAreRefusedWithPositions() {
        for (text, fragment) in [
            ("refreshSeconds: fast\n", "1:17: refreshSeconds"),
            ("readOnly: 3\n", "1:11: readOnly"),
            ("mouse: sometimes\n", "1:8: mouse must be true or false"),
            ("layers: {labelKeys: []}\n", "layers.labelKeys"),
            ("theme: [a\n", "config.yaml:"),
        ] {
            do {
                _ = try loader.parse(text, file: "config.yaml")
                Issue.record("expected an error for \(text)")
            } catch {
                #expect(String(describing: error).contains(fragment), "\(error)")
            }
        }
    }

    @Test func loadReadsTheXDGFileOrFallsBackToDefaults() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-settings-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let loader = SettingsLoader(environment: ["XDG_CONFIG_HOME": root.path])
        #expect(try loader.load() == Settings())  // no file: defaults

        let folder = root.appendingPathComponent("marvdash")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("theme: light\n".utf8).write(to: folder.appendingPathComponent("config.yaml"))
        let loaded = try loader.load()
        #expect(loaded.theme == "light")
        #expect(loaded.source == root.path + "/marvdash/config.yaml")
    }

    @Test func unreadableSettingsFileNamesThePathAndReason() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-settings-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        // A folder where the file should be cannot be read as one.
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("marvdash/config.yaml"), withIntermediateDirectories: true)
        let error = #expect(throws: SettingsError.self) {
            try SettingsLoader(environment: ["XDG_CONFIG_HOME": root.path]).load()
        }
        #expect(error?.description == "\(root.path)/marvdash/config.yaml: cannot read the file: Is a directory; check that it is a readable file")
    }
}
