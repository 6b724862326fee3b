import Foundation
import MarvelCore
import Testing
@testable import MarvelTUI

/// The Nodes pane's label and taint editor (`e`): any label or taint added or removed, each
/// confirmed and submitted as one node action; refused in read-only mode.
@Suite struct NodeLabelEditorTests {
    typealias P = PlacementFixtures

    private func pane(_ console: Console) throws -> NodesPane {
        try #require(console.activePane as? NodesPane)
    }

    private func editor(on node: String, _ backend: FakeConsoleBackend) throws -> Console {
        let console = try P.console(backend)
        for _ in 0..<10 where try pane(console).selectedName != node { ConsoleFixtures.press(console, .char("j")) }
        ConsoleFixtures.press(console, .char("e"))
        #expect(try pane(console).capturesAllKeys)
        return console
    }

    @Test func listsTheLabelsAndTaintsAndAddsALabelTheSeedsWay() throws {
        let backend = try P.backend()
        let console = try editor(on: "cloud-2", backend)
        let screen = ConsoleFixtures.render(console, rows: 40, columns: 160)
        #expect(screen.contains("Labels and taints of cloud-2 — l label · t taint · x remove · Esc back"))
        #expect(screen.contains("label  marvdash.io/layer=cloud"))
        #expect(screen.contains("taint  dedicated=ml:NoSchedule"))
        let ascii = ConsoleFixtures.render(console, rows: 40, columns: 160, unicode: false)
        let text = (0..<ascii.rows).map(ascii.line).joined(separator: "\n")
        #expect(text.unicodeScalars.allSatisfy(\.isASCII) && text.contains(" > label  "), "non-ASCII or no marker in:\n\(text)")
        // Listing 32: kubectl label nodes grnedge1 Layer=GRNEDGE1
        ConsoleFixtures.press(console, .char("l"))
        ConsoleFixtures.type(console, "Layer=GRNEDGE1")
        ConsoleFixtures.press(console, .enter)
        #expect(ConsoleFixtures.render(console, rows: 40, columns: 160).contains(
            "Label cloud-2 Layer=GRNEDGE1 (as kubectl label nodes cloud-2 Layer=GRNEDGE1 --overwrite)? y/N"))
        #expect(backend.requests.isEmpty)
        ConsoleFixtures.press(console, .char("y"))
        #expect(backend.requests == [.node(name: "cloud-2", action: .setLabel(key: "Layer", value: "GRNEDGE1"))])
    }

    @Test func addsATaintChecksItAndRemovesOne() throws {
        let backend = try P.backend()
        let console = try editor(on: "cloud-2", backend)
        // Listing 30: kubectl taint nodes grnedge1 Layer=GRNEDGE1:NoSchedule — a wrong effect is named and kept for fixing.
        ConsoleFixtures.press(console, .char("t"))
        ConsoleFixtures.type(console, "Layer=GRNEDGE1:Sometimes")
        ConsoleFixtures.press(console, .enter)
        #expect(ConsoleFixtures.render(console, rows: 40, columns: 160).contains(
            "✖ taint effect 'Sometimes' must be NoSchedule, PreferNoSchedule or NoExecute"))
        ConsoleFixtures.press(console, .ctrl("u"))
        ConsoleFixtures.type(console, "Layer=GRNEDGE1:NoSchedule")
        ConsoleFixtures.press(console, .enter, .char("y"))
        #expect(backend.requests == [.node(name: "cloud-2", action: .addTaint(Node.Taint(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule")))])
        // The taint is the last row: G, x, y removes it; n cancels without a request.
        ConsoleFixtures.press(console, .char("G"), .char("x"))
        #expect(ConsoleFixtures.render(console, rows: 40, columns: 160).contains("Remove the taint dedicated:NoSchedule from cloud-2? y/N"))
        ConsoleFixtures.press(console, .char("n"))
        #expect(backend.requests.count == 1)
        ConsoleFixtures.press(console, .char("x"), .char("y"))
        #expect(backend.requests.last == .node(name: "cloud-2", action: .removeTaint(key: "dedicated", effect: "NoSchedule")))
        ConsoleFixtures.press(console, .escape)
        #expect(try !pane(console).capturesAllKeys)
    }

    @Test func theEditsAreTheKubectlPatches() throws {
        let node: JSONValue = [
            "metadata": ["name": "n", "resourceVersion": "7", "labels": ["a": "1"]],
            "spec": ["taints": [["key": "dedicated", "value": "ml", "effect": "NoSchedule"], ["key": "x", "effect": "NoExecute"]]],
        ]
        #expect(NodeAction.setLabel(key: "Layer", value: "GRNEDGE1").mergePatch(for: node) == ["metadata": ["labels": ["Layer": "GRNEDGE1"]]])
        #expect(NodeAction.removeLabel(key: "a").mergePatch(for: node) == ["metadata": ["labels": ["a": nil]]])
        let added = NodeAction.addTaint(Node.Taint(key: "dedicated", value: "gpu", effect: "NoSchedule")).mergePatch(for: node)
        #expect(added == [
            "metadata": ["resourceVersion": "7"],
            "spec": ["taints": [["key": "x", "effect": "NoExecute"], ["key": "dedicated", "value": "gpu", "effect": "NoSchedule"]]],
        ])
        let removed = NodeAction.removeTaint(key: "x", effect: "NoExecute").mergePatch(for: node)
        #expect(removed == ["metadata": ["resourceVersion": "7"], "spec": ["taints": [["key": "dedicated", "value": "ml", "effect": "NoSchedule"]]]])
        #expect(throws: NodeEditError.self) { try NodeAction.label(parsing: "no-equals") }
        #expect(throws: NodeEditError.self) { try NodeAction.label(parsing: "bad key=v") }
        #expect(try NodeAction.taint(parsing: "gpu:NoSchedule") == .addTaint(Node.Taint(key: "gpu", effect: "NoSchedule")))
    }
}
