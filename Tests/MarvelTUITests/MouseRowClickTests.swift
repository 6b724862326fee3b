import Foundation
import MarvelCore
import Testing
@testable import MarvelTUI

/// Mouse clicks in every pane's table (`RowClickable`): a click selects the
/// row drawn under the pointer, after scrolling too; a click on the selected
/// row opens it as Enter does; a click on a Nodes layer heading folds it.
@Suite struct MouseRowClickTests {
    func click(_ console: Console, row: Int) {
        _ = console.handle(.mouse(MouseEvent(.click, row: row, column: 2)))
    }

    /// The screen row whose text starts with `name` and a space.
    func row(_ screen: MemoryScreen, of name: String) -> Int? {
        (0..<screen.rows).first { screen.line($0).hasPrefix(name + " ") }
    }

    /// Cloud, 30 fog and edge nodes: more rows than a 24-row screen shows.
    func manyNodesConsole() throws -> Console {
        let nodes = try ([ConsoleFixtures.nodeJSON("cloud-1", labels: ["marvdash.io/layer": "cloud"], cpu: "16", memory: "64Gi")]
            + (1...30).map { ConsoleFixtures.nodeJSON("fog-\($0)", labels: ["marvdash.io/layer": "fog"], cpu: "8", memory: "16Gi") }
            + [ConsoleFixtures.nodeJSON("edge-1", labels: ["marvdash.io/layer": "edge"], cpu: "4", memory: "4Gi")]).map { try Node(json: $0) }
        let snapshot = ClusterSnapshot(nodes: nodes, pods: [], serverVersion: "v1.30.2", fetchedAt: Date(timeIntervalSince1970: 1_800_000_000))
        let source = StaticDataSource(snapshot: snapshot, connection: .connected(at: Date(timeIntervalSince1970: 0)))
        let options = ConsoleOptions(source: source, contextName: "marvel-pilot", namespace: "default", serverURL: ConsoleFixtures.serverURL,
                                     timeZone: TimeZone(identifier: "UTC") ?? .current, environment: [:])
        return Console(options: options)
    }

    @Test func nodesClickSelectsTheNodeUnderThePointerAfterScrollingAndFoldsALayer() throws {
        let console = try manyNodesConsole()
        _ = console.handle(.end)
        var screen = ConsoleFixtures.render(console, rows: 24, columns: 100)
        // Scrolled: the first layer is off the top.
        #expect(!screen.contains("▼ CLOUD"))
        let target = try #require((1...30).map { "fog-\($0)" }.first { row(screen, of: $0) != nil })
        let at = try #require(row(screen, of: target))
        click(console, row: at)
        #expect((console.activePane as? NodesPane)?.selectedName == target)
        screen = ConsoleFixtures.render(console, rows: 24, columns: 100)
        #expect(row(screen, of: target) == at)  // the rows did not move under the pointer
        // A second click on the selected row opens it as Enter does.
        click(console, row: at)
        #expect((console.activePane as? NodesPane)?.detailNodeName == target)
        _ = console.handle(.escape)
        screen = ConsoleFixtures.render(console, rows: 24, columns: 100)
        let heading = try #require((0..<screen.rows).first { screen.line($0).hasPrefix("▼ EDGE") })
        click(console, row: heading)
        #expect((console.activePane as? NodesPane)?.folded == [.edge])
        screen = ConsoleFixtures.render(console, rows: 24, columns: 100)
        let folded = try #require((0..<screen.rows).first { screen.line($0).hasPrefix("▶ EDGE") })
        click(console, row: folded)
        #expect((console.activePane as? NodesPane)?.folded == [])
        // The header row and the title bar select nothing.
        let before = (console.activePane as? NodesPane)?.selectedName
        click(console, row: 2)
        click(console, row: 0)
        #expect((console.activePane as? NodesPane)?.selectedName == before)
    }

    @Test func nodesIgnoreClicksWhileAQuestionIsOpenAndWithoutMouseEventsNothingChanges() throws {
        let (console, _) = try ConsoleFixtures.console()
        let screen = ConsoleFixtures.render(console, rows: 24, columns: 100)
        let fog = try #require(row(screen, of: "fog-1"))
        _ = console.handle(.char("/"))
        click(console, row: fog)
        #expect((console.activePane as? NodesPane)?.selectedName != "fog-1")
        _ = console.handle(.escape)
        click(console, row: fog)
        #expect((console.activePane as? NodesPane)?.selectedName == "fog-1")
    }

    @Test func servicesClickSelectsAfterScrollingAndASecondClickOpensTheDetail() throws {
        typealias S = ServicesFixtures
        let many = (1...30).map { i -> InstanceStatus in
            var status = S.web
            status.instance.name = "web-\(i)"
            return status
        }
        let console = S.console(FakeServicesBackend(services: S.state(many)))
        _ = console.handle(.end)
        var screen = S.render(console, rows: 24, columns: 100)
        let names = (S.pane(console)?.shown ?? []).map(\.instance.name)
        let visible = names.filter { row(screen, of: $0) != nil }
        #expect(visible.count < names.count)  // scrolled: some are off screen
        let target = try #require(visible.first)
        let at = try #require(row(screen, of: target))
        click(console, row: at)
        #expect(S.pane(console)?.selected?.name == target)
        screen = S.render(console, rows: 24, columns: 100)
        click(console, row: at)
        #expect(S.pane(console)?.viewName == "detail")
    }

    @Test func templatesClickSelectsTheTemplateUnderThePointer() throws {
        let console = try BackendFixtures.console(FakeConsoleBackend(catalog: try BackendFixtures.catalog()))
        _ = console.handle(.char("3"))
        _ = console.handle(.end)
        let screen = ConsoleFixtures.render(console, rows: 24, columns: 100)
        let pane = try #require(console.activePane as? TemplatesPane)
        let first = try #require(pane.rowIDs.first)
        #expect(pane.table.state.selection == pane.rowIDs.count - 1)
        let at = try #require(row(screen, of: first))
        click(console, row: at)
        #expect((console.activePane as? TemplatesPane)?.table.state.selection == 0)
    }

    @Test func imagesClickSelectsARepository() throws {
        let console = try ImagesPaneFixtures.console(source: ImagesPaneFixtures.loadedSource())
        let screen = ImagesPaneFixtures.render(console)
        let pane = try #require(console.activePane as? ImagesPane)
        let last = try #require(pane.shownRepositories.last)
        #expect(pane.selectedRepository != last)
        let at = try #require(screen.find(last)).row
        click(console, row: at)
        #expect((console.activePane as? ImagesPane)?.selectedRepository == last)
    }

    @Test func trainingClickSelectsARun() throws {
        var pane = TrainingPane(source: TrainingPaneFixtures.feed())
        let screen = TrainingPaneFixtures.render(&pane, rows: 30, columns: 120)
        let context = TrainingPaneFixtures.context(screen)
        let ids = pane.runs.map(\.id)
        let other = try #require(ids.first { $0 != pane.selectedID })
        // The runs table: its header on the pane's first row, a run per row below.
        let at = context.viewport.row + 1 + (ids.firstIndex(of: other) ?? 0)
        let index = try #require(pane.clickableRow(atScreenRow: at, in: context.viewport))
        #expect(!pane.isSelectedRow(index))
        pane.clickRow(index, in: context.viewport, context: context)
        #expect(pane.selectedID == other)
        // The header row is no row.
        #expect(pane.clickableRow(atScreenRow: context.viewport.row, in: context.viewport) == nil)
    }
}
