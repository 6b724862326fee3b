import Foundation
import Testing
@testable import MarvelCore

/// Loading templates from folders: ids, precedence and problems.
@Suite struct TemplateCatalogTests {
    static func template(_ name: String, default value: String = "svc") -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: $NAME}\n---\nkind: Template\nname: \(name)\nvariables: [{name: NAME, default: \(value)}]\n"
    }

    func folder(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tmpl-cat-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            let parent = ((dir + "/" + name) as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        }
        return dir
    }

    @Test func loadsEveryYAMLFileAndReportsBrokenOnes() throws {
        let dir = try folder([
            "redis.template.yaml": Self.template("Redis"),
            "kafka.yml": Self.template("Kafka"),
            "broken.yaml": "kind: Template\nname: b\nvariables: [{name: PORT}]\n",
            "notes.txt": "not a template",
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (templates, problems) = TemplateCatalog.load(directories: [dir])
        #expect(templates.map(\.id) == ["kafka", "redis"])
        #expect(problems.count == 1)
        #expect(problems.first?.description.hasPrefix(dir + "/broken.yaml:3:12: error: no NAME variable") == true, "\(problems)")
        let catalog = TemplateCatalog(templates: templates)
        #expect(catalog.template(id: "redis")?.name == "Redis")
        #expect(catalog.template(id: "nope") == nil)
    }

    @Test func earlierFoldersWin() throws {
        let mine = try folder(["redis.yaml": Self.template("Mine")])
        let builtIn = try folder(["redis.template.yaml": Self.template("Built-in"), "nifi.yaml": Self.template("NiFi")])
        defer {
            try? FileManager.default.removeItem(atPath: mine)
            try? FileManager.default.removeItem(atPath: builtIn)
        }
        let catalog = TemplateCatalog(directories: [mine, builtIn, "/nonexistent/marvdash"])
        #expect(catalog.templates.map(\.name) == ["Mine", "NiFi"])
    }

    @Test func searchOrderIsFlagsThenConfigThenBuiltIn() throws {
        let home = try folder(["Templates/.keep": ""])
        defer { try? FileManager.default.removeItem(atPath: home) }
        let locator = ResourceLocator(environment: ["MARVDASH_HOME": home], executablePath: "/nonexistent/bin/marvdash")
        let dirs = TemplateCatalog.searchDirectories(
            extra: ["/flag"], settings: Settings(templateDirs: ["/config"]), locator: locator)
        #expect(dirs == ["/flag", "/config", home + "/Templates"])
    }

    @Test func loadNamesUnreadableFile() {
        let line = thrownErrorText { _ = try Template.load(file: "/nonexistent/x.yaml") }
        #expect(line == "/nonexistent/x.yaml: error: cannot read the file (No such file or directory) — check that the path exists and is readable")
    }
}
