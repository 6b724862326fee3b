import Foundation
import MarvelCore
import MarvelTUI
import Testing

@Suite struct TemplatesPaneTests {
    private func screen(_ console: Console, rows: Int = 24, columns: Int = 100) -> MemoryScreen {
        ConsoleFixtures.render(console, rows: rows, columns: columns)
    }

    @Test func listsTheCatalogueWithLayerAndRequestedResources() throws {
        let console = BackendFixtures.console(FakeConsoleBackend(catalog: try BackendFixtures.catalog()))
        let text = screen(console).text
        #expect(text.contains("ID"))
        #expect(text.contains("CPU"))
        #expect(text.contains("MEMORY"))
        let row = try #require(text.split(separator: "\n").first { $0.contains("web ") && $0.contains("Web server") })
        #expect(row.contains("fog"))
        #expect(row.contains("500m"))  // 2 replicas x 250m
        #expect(row.contains("256Mi"))  // 2 replicas x 128Mi
        #expect(row.contains("a small test web server"))
    }

    @Test func singletonTemplatesAreMarked() throws {
        let single = try Template.parse(BackendFixtures.webText.replacingOccurrences(of: "singleton: no", with: "singleton: yes"),
                                        file: "/t/solo.template.yaml")
        let console = BackendFixtures.console(FakeConsoleBackend(catalog: ConsoleCatalog(templates: [single, try BackendFixtures.web()], problems: [])))
        let lines = screen(console).text.split(separator: "\n")
        #expect(lines.contains { $0.contains("ONE") && $0.contains("DESCRIPTION") })
        #expect(lines.first { $0.hasPrefix("solo ") }?.contains("●") == true)
        #expect(lines.first { $0.hasPrefix("web ") }?.contains("●") == false)
    }

    @Test func malformedTemplateGivesAVisibleMessageAndPListsTheLines() throws {
        let console = BackendFixtures.console(FakeConsoleBackend(catalog: try BackendFixtures.catalog()))
        #expect(screen(console).contains("1 template file could not be loaded — press p"))
        ConsoleFixtures.press(console, .char("p"))
        let text = screen(console).text
        #expect(text.contains("/t/broken.template.yaml:6:"))
        #expect(text.contains("error:"))
        ConsoleFixtures.press(console, .escape)
        #expect(screen(console).contains("Web server"))
    }

    @Test func malformedTemplateIsNotInTheListSoNeverDeployable() throws {
        let backend = FakeConsoleBackend(catalog: try BackendFixtures.catalog())
        let console = BackendFixtures.console(backend)
        ConsoleFixtures.press(console, .char("/"))
        ConsoleFixtures.type(console, "broken")
        ConsoleFixtures.press(console, .enter)
        #expect(screen(console).contains("no templates match \"broken\""))
        ConsoleFixtures.press(console, .enter)
        #expect(!screen(console).contains("Deploy "))
        #expect(backend.requests.isEmpty)
    }

    @Test func slashFiltersByIdNameAndDescription() throws {
        let other = try Template.parse(BackendFixtures.webText.replacingOccurrences(of: "name: Web server", with: "name: Kafka broker"),
                                       file: "/t/kafka.template.yaml")
        let catalog = ConsoleCatalog(templates: [try BackendFixtures.web(), other], problems: [])
        let console = BackendFixtures.console(FakeConsoleBackend(catalog: catalog))
        #expect(screen(console).contains("Kafka broker"))
        ConsoleFixtures.press(console, .char("/"))
        ConsoleFixtures.type(console, "kaf")
        let text = screen(console).text
        #expect(text.contains("Kafka broker"))
        #expect(!text.contains("Web server"))
        #expect(!text.contains("could not be loaded"))
    }

    @Test func filterListsExactIdsFirstThenPrefixesNamesAndDescriptions() throws {
        func template(_ id: String, name: String, description: String) throws -> Template {
            let text = BackendFixtures.webText.replacingOccurrences(of: "name: Web server", with: "name: \(name)")
                .replacingOccurrences(of: "description: a small test web server", with: "description: \(description)")
            return try Template.parse(text, file: "/t/\(id).template.yaml")
        }
        let templates = try [
            template("alpha", name: "Alpha", description: "reads from kafka"),
            template("kafka-ui", name: "UI", description: "web UI"),
            template("kafka", name: "Kafka", description: "brokers"),
            template("bridge", name: "Kafka bridge", description: "bridge"),
            template("other", name: "Other", description: "nothing"),
        ]
        #expect(TemplateTableModel.matching(templates, filter: "KAFKA").map(\.id) == ["kafka", "kafka-ui", "bridge", "alpha"])
        #expect(TemplateTableModel.matching(templates, filter: "").map(\.id) == ["alpha", "bridge", "kafka", "kafka-ui", "other"])
    }

    @Test func enterOpensTheFormWithLabelsDefaultsTypesAndHelp() throws {
        let console = BackendFixtures.console(FakeConsoleBackend(catalog: try BackendFixtures.catalog()))
        ConsoleFixtures.press(console, .enter)
        let text = screen(console).text
        #expect(text.contains("Deploy Web server (web)"))
        for label in ["Name", "Replicas", "Mode", "Debug logs"] { #expect(text.contains(label)) }
        #expect(text.contains("default 2 · int"))
        #expect(text.contains("fast|safe"))
        #expect(text.contains("NAME: Service name (a DNS label)"))
        // Automatic variables are hidden from the form.
        #expect(!text.contains("REGISTRY"))
        #expect(!text.contains("NAMESPACE"))
        ConsoleFixtures.press(console, .down)
        #expect(screen(console).contains("REPLICAS: How many pods serve requests"))
    }

    @Test func withoutABackendThePaneSaysSo() {
        let source = StaticDataSource(snapshot: nil, connection: .connecting)
        let options = ConsoleOptions(source: source, contextName: "t", namespace: "default", serverURL: "https://x", environment: [:])
        let console = Console(options: options, panes: [TemplatesPane()])
        #expect(ConsoleFixtures.render(console).contains("no cluster backend"))
    }
}
