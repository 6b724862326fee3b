import Foundation
import MarvelCore
import Testing
@testable import MarvelTUI

/// The rules every view keeps: Esc and q close a view, q on a list quits,
/// Ctrl-C always quits, a resize cancels nothing, forms ask before dropping
/// typed values, and a pane's filter stays with its list.
@Suite struct NavigationRulesTests {
    typealias S = ServicesFixtures

    private func templates(_ console: Console) throws -> TemplatesPane { try #require(console.activePane as? TemplatesPane) }

    @Test func qClosesEveryServicesViewAndQuitsOnlyFromTheList() throws {
        let console = S.console(FakeServicesBackend(services: S.state()))
        for opening in [[Key.enter], [.char("y")], [.char("l"), .escape], [.enter, .char("y")]] {
            S.press(console, opening)
            #expect(S.pane(console)?.viewName != "list")
            for _ in 0..<2 where S.pane(console)?.viewName != "list" {
                #expect(console.handle(.char("q")) == .continue, "q quit from \(S.pane(console)?.viewName ?? "?")")
            }
            #expect(S.pane(console)?.viewName == "list")
        }
        #expect(console.handle(.char("q")) == .quit)
    }

    @Test func qInTheFormIsTypedAndInThePreviewGoesBackToTheForm() throws {
        let console = BackendFixtures.console(FakeConsoleBackend(catalog: try BackendFixtures.catalog()))
        ConsoleFixtures.press(console, .enter)
        #expect(console.handle(.char("q")) == .continue)
        #expect(try templates(console).flow?.form.values["NAME"] == "webq")
        ConsoleFixtures.press(console, .backspace, .enter)
        #expect(try templates(console).flow?.step == .preview)
        // The preview lets the console's own keys through: ? opens its help, q goes back.
        ConsoleFixtures.press(console, .char("?"))
        #expect(console.isHelpOpen)
        ConsoleFixtures.press(console, .char("q"))
        #expect(console.handle(.char("q")) == .continue)
        #expect(try templates(console).flow?.step == .form)
        // p's problems list closes with q too.
        ConsoleFixtures.press(console, .escape)
        #expect(try templates(console).flow == nil)
        ConsoleFixtures.press(console, .char("p"))
        #expect(try templates(console).isShowingProblems)
        #expect(console.handle(.char("q")) == .continue)
        #expect(try !templates(console).isShowingProblems)
        #expect(console.handle(.char("q")) == .quit)
    }

    @Test func ctrlCQuitsFromEveryMode() throws {
        let backend = FakeConsoleBackend(catalog: try BackendFixtures.catalog())
        let inForm = BackendFixtures.console(backend)
        ConsoleFixtures.press(inForm, .enter)
        #expect(inForm.handle(.ctrl("c")) == .quit)
        let atPrompt = BackendFixtures.console(backend)
        ConsoleFixtures.press(atPrompt, .char(":"))
        #expect(atPrompt.handle(.ctrl("c")) == .quit)
        let inHelp = BackendFixtures.console(backend)
        ConsoleFixtures.press(inHelp, .char("?"))
        #expect(inHelp.handle(.ctrl("c")) == .quit)
        let filtering = BackendFixtures.console(backend)
        ConsoleFixtures.press(filtering, .char("/"))
        #expect(filtering.handle(.ctrl("c")) == .quit)
    }

    @Test func aResizeCancelsNoQuestion() throws {
        // The node confirmation the issue saw cancelled.
        let nodes = try PlacementFixtures.console(try PlacementFixtures.backend())
        ConsoleFixtures.press(nodes, .char("c"))
        #expect(nodes.handle(.resize) == .continue)
        let screen = ConsoleFixtures.render(nodes, rows: 30, columns: 100)
        #expect(screen.contains("Cordon cloud-1: no new pods are scheduled on it (running pods stay)? y/N"))
        ConsoleFixtures.press(nodes, .char("y"))
        #expect((nodes.activePane as? NodesPane)?.dialog == nil)
        // The services delete question, the deploy form and its y/N, a prompt.
        let services = S.console(FakeServicesBackend(services: S.state()))
        S.press(services, .ctrl("d"), .resize)
        #expect(S.pane(services)?.viewName == "confirm")
        let backend = FakeConsoleBackend(catalog: try BackendFixtures.catalog())
        let deploy = BackendFixtures.console(backend)
        ConsoleFixtures.press(deploy, .enter, .resize, .enter, .char("d"), .resize)
        #expect(try templates(deploy).flow?.step == .confirm)
        ConsoleFixtures.press(deploy, .char("y"))
        #expect(backend.requests.count == 1)
        let prompt = BackendFixtures.console(backend)
        ConsoleFixtures.press(prompt, .char(":"))
        ConsoleFixtures.type(prompt, "no")
        ConsoleFixtures.press(prompt, .resize)
        #expect(prompt.inputLine == ":no")
    }

    @Test func escOnAnUntouchedFormClosesItAndOnATypedOneAsksFirst() throws {
        let backend = FakeConsoleBackend(catalog: try BackendFixtures.catalog())
        let console = BackendFixtures.console(backend)
        ConsoleFixtures.press(console, .enter, .escape)
        #expect(try templates(console).flow == nil)
        #expect(console.flashMessage == "deploy of web cancelled")
        // The message goes with the next key: it does not sit over the next form.
        ConsoleFixtures.press(console, .enter)
        #expect(console.flashMessage == nil)
        ConsoleFixtures.type(console, "-2")
        ConsoleFixtures.press(console, .escape)
        #expect(try templates(console).flow?.askingDiscard == true)
        #expect(ConsoleFixtures.render(console, rows: 30, columns: 100).contains("Drop the values you typed and close the form? y/N"))
        ConsoleFixtures.press(console, .char("n"))
        #expect(try templates(console).flow?.form.values["NAME"] == "web-2")
        ConsoleFixtures.press(console, .escape, .char("y"))
        #expect(try templates(console).flow == nil)
        #expect(console.flashMessage == "deploy of web cancelled: the typed values were dropped")
    }

    @Test func theListsFilterIsNotCarriedIntoTheFormOrPreview() throws {
        let console = BackendFixtures.console(FakeConsoleBackend(catalog: try BackendFixtures.catalog()))
        ConsoleFixtures.press(console, .char("/"))
        ConsoleFixtures.type(console, "web")
        ConsoleFixtures.press(console, .enter)
        #expect(ConsoleFixtures.render(console, rows: 30, columns: 100).line(29).contains("filter: web"))
        ConsoleFixtures.press(console, .enter)
        #expect(!ConsoleFixtures.render(console, rows: 30, columns: 100).contains("filter: web"))
        ConsoleFixtures.press(console, .enter)
        #expect(try templates(console).flow?.step == .preview)
        #expect(!ConsoleFixtures.render(console, rows: 30, columns: 100).contains("filter: web"))
    }
}

extension ServicesFixtures {
    static func press(_ console: Console, _ keys: [Key]) {
        for key in keys { _ = console.handle(key) }
    }
}
