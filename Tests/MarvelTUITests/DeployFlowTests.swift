import Foundation
import MarvelCore
import MarvelTUI
import Testing

@Suite struct DeployFlowTests {
    private func screen(_ console: Console, rows: Int = 30) -> MemoryScreen {
        ConsoleFixtures.render(console, rows: rows, columns: 110)
    }

    private func templatesPane(_ console: Console) throws -> TemplatesPane {
        try #require(console.activePane as? TemplatesPane)
    }

    /// Opens the web template's form and focuses REPLICAS.
    private func formOnReplicas(_ backend: FakeConsoleBackend, readOnly: Bool = false) -> Console {
        let console = BackendFixtures.console(backend, readOnly: readOnly)
        ConsoleFixtures.press(console, .enter, .down)
        return console
    }

    @Test func typingAnInvalidIntShowsTheViolationAndEnterDoesNotAdvance() throws {
        let console = formOnReplicas(FakeConsoleBackend(catalog: try BackendFixtures.catalog()))
        ConsoleFixtures.type(console, "x")
        #expect(screen(console).contains("✖ REPLICAS must be an integer, got \"2x\""))
        ConsoleFixtures.press(console, .enter)
        #expect(try templatesPane(console).flow?.step == .form)
        #expect(screen(console).contains("fix the marked value first"))
        ConsoleFixtures.press(console, .backspace)
        #expect(!screen(console).contains("must be an integer"))
    }

    @Test func kafkaBrokersFourIsRefusedInTheFormWithTheTemplatesHelp() throws {
        let kafka = try Template.load(
            file: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Templates/kafka.template.yaml").path)
        let console = BackendFixtures.console(FakeConsoleBackend(catalog: ConsoleCatalog(templates: [kafka], problems: [])))
        ConsoleFixtures.press(console, .enter, .down, .backspace)
        ConsoleFixtures.type(console, "4")
        #expect(try templatesPane(console).flow?.form.values["SERVERS"] == "4")
        let text = ConsoleFixtures.render(console, rows: 30, columns: 200).text
        #expect(text.contains("✖ SERVERS must match [0-9]*[13579], got \"4\" (Brokers: Number of brokers; an odd number from 3 up)"), "\(text)")
        ConsoleFixtures.press(console, .enter)
        #expect(try templatesPane(console).flow?.step == .form)
        ConsoleFixtures.press(console, .backspace)
        ConsoleFixtures.type(console, "5")
        #expect(!ConsoleFixtures.render(console, rows: 30, columns: 200).text.contains("must match"))
    }

    @Test func aTakenNameIsSaidAsItIsTypedBeforeAnyConfirmation() throws {
        let backend = FakeConsoleBackend(catalog: try BackendFixtures.catalog())
        let web = Instance(name: "web", namespace: "default", templateID: "web", revision: 1, values: [:], managedBy: .marvdash)
        backend.setServices(ServicesState(statuses: [InstanceStatus(instance: web, pods: [], ready: 1, desired: 1, endpoints: [], objects: [])]))
        let console = BackendFixtures.console(backend)
        ConsoleFixtures.press(console, .enter)
        #expect(try templatesPane(console).flow?.form.values["NAME"] == "web")
        let text = ConsoleFixtures.render(console, rows: 30, columns: 200).text
        #expect(text.contains("✖ an instance named web already exists in namespace default (template web)"), "\(text)")
        ConsoleFixtures.press(console, .enter)
        #expect(try templatesPane(console).flow?.step == .form)
        ConsoleFixtures.type(console, "2")
        #expect(!ConsoleFixtures.render(console, rows: 30, columns: 200).text.contains("already exists"))
    }

    @Test func aSingletonWithAnInstanceIsRefusedOnTheNameField() {
        let taken = TakenNames(templates: ["mon": "prometheus"], namespace: "marvel", templateID: "prometheus", singleton: true)
        #expect(taken.problem(name: "mon2") == "template prometheus is a singleton and instance mon already runs in namespace marvel; delete it first or upgrade it")
        #expect(taken.problem(name: "mon")?.hasPrefix("an instance named mon already exists") == true)
        let plain = TakenNames(templates: ["mon": "prometheus"], namespace: "marvel", templateID: "prometheus", singleton: false)
        #expect(plain.problem(name: "mon2") == nil)
    }

    @Test func consoleKeysGoToTheFormWhileItIsOpen() throws {
        let console = BackendFixtures.console(FakeConsoleBackend(catalog: try BackendFixtures.catalog()))
        ConsoleFixtures.press(console, .enter, .char("q"), .char("1"), .char("/"))
        #expect(console.activeIndex == 2)
        #expect(try templatesPane(console).flow?.form.values["NAME"] == "webq1/")
        // The status line does not offer `q quit` or `? help` while they are typed into the form.
        let status = screen(console, rows: 30).line(29)
        #expect(status.contains("Enter preview"))
        #expect(!status.contains("q quit") && !status.contains("? help"))
    }

    @Test func choicesCycleAndBooleansToggle() throws {
        let console = formOnReplicas(FakeConsoleBackend(catalog: try BackendFixtures.catalog()))
        ConsoleFixtures.press(console, .down, .char(" "), .char("j"), .char(" "))
        let values = try #require(try templatesPane(console).flow?.form.values)
        #expect(values["MODE"] == "safe")
        #expect(values["DEBUG"] == "yes")
    }

    @Test func previewShowsTheRenderedYAMLWithTheTypedValues() throws {
        let console = formOnReplicas(FakeConsoleBackend(catalog: try BackendFixtures.catalog()))
        ConsoleFixtures.press(console, .backspace)
        ConsoleFixtures.type(console, "5")
        ConsoleFixtures.press(console, .enter)
        let text = screen(console, rows: 60).text
        #expect(text.contains("Preview: 2 objects"))
        #expect(text.contains("replicas: 5"))
        #expect(text.contains("image: reg.test:5000/nginx:1"))
        #expect(text.contains("kind: Deployment"))
    }

    @Test func confirmSubmitsExactlyOneDeployAndProgressShowsTheOutcome() throws {
        let backend = FakeConsoleBackend(catalog: try BackendFixtures.catalog(), outcome: .succeeded("deployed web as 'web' (revision 1): 2 objects"))
        let console = formOnReplicas(backend)
        ConsoleFixtures.press(console, .backspace)
        ConsoleFixtures.type(console, "3")
        ConsoleFixtures.press(console, .enter, .char("d"))
        #expect(screen(console).contains("Deploy web as 'web' in namespace default? y/N"))
        #expect(backend.requests.isEmpty)
        ConsoleFixtures.press(console, .char("y"))
        // The console places with auto, like `marvdash deploy`.
        #expect(backend.requests == [.placedDeploy(
            templateID: "web", values: ["NAME": "web", "REPLICAS": "3", "MODE": "fast", "DEBUG": "no"], namespace: "default", dryRun: false,
            placement: .auto)])
        let text = screen(console).text
        #expect(text.contains("applied Deployment/web"))
        #expect(text.contains("✔ deployed web as 'web' (revision 1): 2 objects"))
        ConsoleFixtures.press(console, .char("x"))
        #expect(try templatesPane(console).flow == nil)
        #expect(console.flashMessage == "deployed web as 'web' (revision 1): 2 objects")
        #expect(backend.requests.count == 1)
    }

    @Test func noAtTheQuestionDoesNotSubmit() throws {
        let backend = FakeConsoleBackend(catalog: try BackendFixtures.catalog())
        let console = formOnReplicas(backend)
        ConsoleFixtures.press(console, .enter, .enter, .char("n"))
        #expect(try templatesPane(console).flow?.step == .preview)
        ConsoleFixtures.press(console, .enter, .escape)
        #expect(backend.requests.isEmpty)
    }

    @Test func aFailingBackendShowsTheAPIMessageAndKeepsTheValues() throws {
        let message = "applying Deployment/web failed: admission webhook denied the request (HTTP 422); nothing was changed"
        let backend = FakeConsoleBackend(catalog: try BackendFixtures.catalog(), outcome: .failed(message))
        let console = formOnReplicas(backend)
        ConsoleFixtures.press(console, .backspace)
        ConsoleFixtures.type(console, "4")
        ConsoleFixtures.press(console, .enter, .enter, .char("y"))
        #expect(screen(console).contains("admission webhook denied the request (HTTP 422)"))
        ConsoleFixtures.press(console, .char(" "))
        let flow = try #require(try templatesPane(console).flow)
        #expect(flow.step == .form)
        #expect(flow.form.values["REPLICAS"] == "4")
        #expect(screen(console).contains("deploy failed: applying Deployment/web failed"))
    }

    @Test func readOnlyShowsFormAndPreviewButRefusesToDeploy() throws {
        let backend = FakeConsoleBackend(catalog: try BackendFixtures.catalog())
        let console = formOnReplicas(backend, readOnly: true)
        ConsoleFixtures.press(console, .enter)
        #expect(screen(console).contains("Preview: 2 objects"))
        // No hint offers to deploy: the note says it is a preview, the status line has no "d Enter".
        let preview = screen(console)
        #expect(preview.contains("read-only mode: a preview only — Esc goes back to the form"))
        #expect(!preview.contains("d or Enter to deploy"))
        #expect(!preview.line(29).contains("d Enter"))
        let pane = try templatesPane(console)
        #expect(!pane.keyHelp(readOnly: true).contains { $0.keys == "d Enter" })
        #expect(pane.keyHelp(readOnly: false).contains { $0.keys == "d Enter" && $0.mutates })
        // The key itself is refused, and says why.
        ConsoleFixtures.press(console, .char("d"))
        #expect(screen(console).contains("read-only mode: deploy is turned off"))
        ConsoleFixtures.press(console, .char("y"))
        #expect(backend.requests.isEmpty)
    }

    @Test func renderingErrorsAreShownAndNotDeployable() throws {
        let backend = FakeConsoleBackend(catalog: try BackendFixtures.catalog())
        let console = BackendFixtures.console(backend)
        ConsoleFixtures.press(console, .enter, .ctrl("u"))
        ConsoleFixtures.type(console, "Bad_Name")
        #expect(screen(console).contains("NAME \"Bad_Name\" is not a DNS-1123 label"))
        ConsoleFixtures.press(console, .enter)
        #expect(try templatesPane(console).flow?.step == .form)
    }

    @Test func upgradeAsksForTheNextRevisionAndSubmitsAnUpgrade() throws {
        let template = try BackendFixtures.web()
        let instance = Instance(name: "shop", namespace: "prod", templateID: "web", revision: 2,
                                values: ["NAME": "shop", "REPLICAS": "2", "MODE": "safe", "DEBUG": "no"], managedBy: .marvdash)
        let backend = FakeConsoleBackend(catalog: try BackendFixtures.catalog(), outcome: .succeeded("upgraded"))
        var flow = DeployFlow(template: template, values: instance.values, automatic: ["REGISTRY": "r:1"], upgrading: instance)
        let context = PaneContext(snapshot: nil, connection: .connecting, generation: 0, serverURL: "x",
                                  viewport: Rect(row: 2, column: 0, height: 21, width: 80), backend: backend)
        #expect(!flow.form.variables.contains { $0.name == "NAME" })
        #expect(flow.form.values["MODE"] == "safe")
        #expect(flow.handle(.backspace, context: context) == .open)
        #expect(flow.handle(.char("3"), context: context) == .open)
        _ = flow.handle(.enter, context: context)
        #expect(flow.step == .preview)
        _ = flow.handle(.enter, context: context)
        #expect(flow.question(context: context) == "Upgrade 'shop' to revision 3? y/N")
        _ = flow.handle(.char("y"), context: context)
        #expect(backend.requests == [.upgrade(name: "shop", namespace: "prod", values: ["REPLICAS": "3", "MODE": "safe", "DEBUG": "no"])])
        #expect(flow.handle(.enter, context: context) == .closed)
        #expect(flow.closingFlash == PaneFlash("upgraded"))
    }
}
