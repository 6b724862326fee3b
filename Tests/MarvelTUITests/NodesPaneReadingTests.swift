import Foundation
import MarvelCore
import Testing
@testable import MarvelTUI

/// The Nodes pane as the issue found it: regex filter, folding layers, node
/// actions that have nothing to do, questions and headings readable in full.
@Suite struct NodesPaneReadingTests {
    typealias F = ConsoleFixtures

    private func pane(_ console: Console) throws -> NodesPane { try #require(console.activePane as? NodesPane) }

    private func lines(_ screen: MemoryScreen) -> [String] { (0..<screen.rows).map(screen.line) }

    /// The fixture cluster with edge-2 cordoned and dedicated to edge.
    private func consoleWithADedicatedCordonedNode() throws -> (Console, FakeConsoleBackend) {
        var snapshot = try F.snapshot()
        if let i = snapshot.nodes.firstIndex(where: { $0.name == "edge-2" }) {
            snapshot.nodes[i].unschedulable = true
            snapshot.nodes[i].taints.append(Node.Taint(key: NodeAction.layerKey, value: "edge", effect: "NoSchedule"))
            snapshot.nodes[i].labels[NodeAction.layerKey] = "edge"
        }
        let backend = try PlacementFixtures.backend()
        let options = ConsoleOptions(
            source: StaticDataSource(snapshot: snapshot, connection: .connected(at: F.now)), contextName: "t", namespace: "default",
            serverURL: F.serverURL, timeZone: TimeZone(identifier: "UTC") ?? .current, environment: [:], backend: backend)
        return (Console(options: options), backend)
    }

    private func select(_ node: String, in console: Console) throws {
        for _ in 0..<12 where try pane(console).selectedName != node { F.press(console, .char("j")) }
        #expect(try pane(console).selectedName == node)
    }

    @Test func aRegexFilterMatchesAnyField() throws {
        let (console, _) = try F.console()
        F.press(console, .char("/"))
        F.type(console, "re:^(cloud|fog)-1$")
        var screen = F.render(console, rows: 30, columns: 120)
        #expect(screen.contains("cloud-1") && screen.contains("fog-1"))
        #expect(!screen.contains("cloud-2") && !screen.contains("edge-2"))
        // Any case, and labels as key=value.
        F.press(console, .ctrl("u"))
        F.type(console, "re:SITE=MAL")
        screen = F.render(console, rows: 30, columns: 120)
        #expect(screen.contains("edge-1") && screen.contains("edge-2") && !screen.contains("cloud-1"))
        // A pattern that does not compile says so where the nodes would be.
        F.press(console, .ctrl("u"))
        F.type(console, "re:[")
        screen = F.render(console, rows: 30, columns: 120)
        #expect(screen.contains("invalid regular expression '['"))
        #expect(screen.contains("Esc clears the filter"))
    }

    @Test func spaceFoldsTheLayerAndUnfoldsItFromItsHeading() throws {
        let console = try PlacementFixtures.console(try PlacementFixtures.backend())
        _ = F.render(console, rows: 30, columns: 160)
        #expect(try pane(console).selectedName == "cloud-1")
        F.press(console, .char(" "))
        var screen = F.render(console, rows: 30, columns: 160)
        let heading = try #require(lines(screen).firstIndex { $0.hasPrefix("▶ CLOUD") })
        #expect(screen.line(heading).contains("2 nodes folded (Space unfolds)"))
        #expect(!screen.contains("cloud-1") && !screen.contains("cloud-2"))
        #expect(screen.style(row: heading, column: 0).role == .selection)
        #expect(try pane(console).selectedName == nil)
        // j/k stop on the folded heading; node keys ask for a node.
        F.press(console, .char("j"))
        #expect(try pane(console).selectedName == "fog-1")
        F.press(console, .char("k"), .char("c"))
        #expect(console.flashMessage == "select a node first (j/k), then cordon")
        F.press(console, .char(" "))
        screen = F.render(console, rows: 30, columns: 160)
        #expect(lines(screen).contains { $0.hasPrefix("▼ CLOUD") })
        #expect(screen.contains("cloud-2"))
        #expect(try pane(console).selectedName == "cloud-1")
        #expect(try pane(console).folded.isEmpty)
    }

    @Test func uAndCAskOnlyWhenThereIsSomethingToUndo() throws {
        let (console, backend) = try consoleWithADedicatedCordonedNode()
        try select("edge-2", in: console)
        F.press(console, .char("c"))
        #expect(console.flashMessage == "edge-2 is already cordoned: nothing to change — C uncordons it")
        F.press(console, .char("D"), .char("e"))
        #expect(console.flashMessage == "edge-2 is already dedicated to edge: nothing to change")
        #expect(try pane(console).dialog == nil)
        F.press(console, .char("C"), .char("y"), .char("U"), .char("y"))
        #expect(backend.requests == [.node(name: "edge-2", action: .uncordon), .node(name: "edge-2", action: .undedicate)])
    }

    @Test func theDedicateQuestionKeepsItsYNAt80Columns() throws {
        let console = try PlacementFixtures.console(try PlacementFixtures.backend())
        try select("fog-1", in: console)
        F.press(console, .char("D"), .char("c"))
        let screen = F.render(console, rows: 24, columns: 80)
        let text = lines(screen).joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(text.contains("(only pods that tolerate it will run there: --tolerate marvdash.io/layer=cloud:NoSchedule or placement.tolerate)? y/N"))
        #expect(screen.line(23).contains("y make the change"))
    }

    @Test func aHeadroomNoteStaysReadableAt80Columns() throws {
        let backend = try PlacementFixtures.backend()
        let console = try PlacementFixtures.console(backend)
        F.press(console, .char("h"), .enter)
        let screen = F.render(console, rows: 24, columns: 80)
        let all = lines(screen)
        // The CLOUD heading wraps: every figure and the note are there, none cut.
        let cloud = try #require(all.firstIndex { $0.hasPrefix("▼ CLOUD") })
        let heading = all[cloud] + " " + all[cloud + 1].trimmingCharacters(in: .whitespaces)
        #expect(heading.contains("free cpu 24 mem 116Gi gpu 1"))
        #expect(heading.hasSuffix("room for 8 more svc"))
        #expect(!all.contains { $0.hasSuffix("…") })
    }

    @Test func detailListsPodsInNaturalOrder() throws {
        var snapshot = try F.snapshot()
        let extra = try ["kafka-10", "kafka-2", "kafka-0", "kafka-1"].map {
            try Pod(json: F.podJSON("default", $0, node: "fog-1", cpu: "10m", memory: "1Mi"))
        }
        snapshot.pods += extra
        let source = StaticDataSource(snapshot: snapshot, connection: .connected(at: F.now))
        let console = Console(options: ConsoleOptions(source: source, contextName: "t", namespace: "default", serverURL: F.serverURL,
                                                      environment: [:]))
        try select("fog-1", in: console)
        F.press(console, .enter, .char("G"))
        let order = lines(F.render(console, rows: 60, columns: 120)).compactMap { line -> String? in
            line.hasPrefix("  default/kafka-") ? String(line.dropFirst(2).prefix { $0 != " " }) : nil
        }
        #expect(order == ["default/kafka-0", "default/kafka-1", "default/kafka-2", "default/kafka-10"])
    }
}
