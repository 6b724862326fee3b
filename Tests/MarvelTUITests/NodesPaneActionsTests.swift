import Foundation
import MarvelCore
import Testing
@testable import MarvelTUI

/// The Nodes pane's free capacity, headroom (`h`) and node actions (D, U, c, C).
@Suite struct NodesPaneActionsTests {
    typealias P = PlacementFixtures

    private func pane(_ console: Console) throws -> NodesPane {
        try #require(console.activePane as? NodesPane)
    }

    private func select(_ node: String, in console: Console) throws {
        for _ in 0..<10 where try pane(console).selectedName != node { ConsoleFixtures.press(console, .char("j")) }
        #expect(try pane(console).selectedName == node)
    }

    private func line(_ screen: MemoryScreen, startingWith prefix: String) -> String? {
        (0..<screen.rows).map(screen.line).first { $0.hasPrefix(prefix) }
    }

    @Test func headingsShowWhatEachLayerHasFree() throws {
        let console = try P.console(try P.backend())
        let screen = ConsoleFixtures.render(console, rows: 40, columns: 200)
        // cloud: 32 cpu − 8 requested, 128Gi − 12Gi, 2 GPUs − 1.
        #expect(line(screen, startingWith: "▼ CLOUD")?.contains("· free cpu 24 mem 116Gi gpu 1") == true)
        #expect(line(screen, startingWith: "▼ FOG")?.contains("· free cpu 7.5 mem 15.5Gi gpu 0") == true)
    }

    @Test func hPicksATemplateAndHeadingsSayHowManyMoreFit() throws {
        let console = try P.console(try P.backend())
        ConsoleFixtures.press(console, .char("h"))
        #expect(try pane(console).capturesAllKeys)
        let picker = ConsoleFixtures.render(console, rows: 40, columns: 200)
        #expect(picker.contains("Headroom for which template?"))
        #expect(picker.contains(" › svc"))
        ConsoleFixtures.press(console, .enter)
        #expect(try pane(console).headroomTemplateID == "svc")
        let screen = ConsoleFixtures.render(console, rows: 40, columns: 200)
        // 1 cpu + 1Gi each: cloud-1 has 8 cpu left (cloud-2's taint is not tolerated),
        // fog-1 7.5, edge-2 4 (edge-1 is NotReady and tainted).
        #expect(line(screen, startingWith: "▼ CLOUD")?.hasSuffix("room for 8 more svc") == true)
        #expect(line(screen, startingWith: "▼ FOG")?.hasSuffix("room for 7 more svc") == true)
        #expect(line(screen, startingWith: "▼ EDGE")?.hasSuffix("room for 4 more svc") == true)
        // Remembered: h opens on the same template.
        ConsoleFixtures.press(console, .char("h"))
        #expect(try pane(console).dialog == .templatePicker(ids: ["svc"], selection: 0))
        ConsoleFixtures.press(console, .escape)
        #expect(try pane(console).dialog == nil)
        #expect(try pane(console).headroomTemplateID == "svc")
    }

    @Test func headroomCountedInTheBackgroundShowsCountingThenTheFigures() throws {
        let backend = try P.backend()
        backend.setHeadroomPending(true)
        let console = try P.console(backend)
        ConsoleFixtures.press(console, .char("h"))
        ConsoleFixtures.press(console, .enter)
        let counting = ConsoleFixtures.render(console, rows: 40, columns: 200)
        #expect(line(counting, startingWith: "▼ CLOUD")?.hasSuffix("counting room for svc…") == true)
        let asked = backend.headroomQueries.count
        _ = ConsoleFixtures.render(console, rows: 40, columns: 200)
        #expect(backend.headroomQueries.count > asked, "asks again on the next frame while pending")
        #expect(backend.headroomQueries.last?.templateID == "svc")
        #expect(backend.headroomQueries.last?.cap == 99)
        backend.setHeadroomPending(false)
        let counted = ConsoleFixtures.render(console, rows: 40, columns: 200)
        #expect(line(counted, startingWith: "▼ CLOUD")?.hasSuffix("room for 8 more svc") == true)
        let settled = backend.headroomQueries.count
        _ = ConsoleFixtures.render(console, rows: 40, columns: 200)
        #expect(backend.headroomQueries.count == settled, "no more asks for the same snapshot once counted")
    }

    @Test func dedicateAsksForTheLayerThenWhatChangesAndSubmitsOneRequest() throws {
        let backend = try P.backend()
        let console = try P.console(backend)
        try select("fog-1", in: console)
        ConsoleFixtures.press(console, .char("D"))
        #expect(ConsoleFixtures.render(console, rows: 40, columns: 200).contains("Dedicate fog-1 to which layer? e edge · f fog · c cloud"))
        ConsoleFixtures.press(console, .char("f"))
        let question = ConsoleFixtures.render(console, rows: 40, columns: 200)
        #expect(question.contains(
            "Label fog-1 marvdash.io/layer=fog and taint it marvdash.io/layer=fog:NoSchedule"))
        #expect(question.contains("? y/N"))
        #expect(backend.requests.isEmpty)
        ConsoleFixtures.press(console, .char("y"))
        #expect(backend.requests == [.node(name: "fog-1", action: .dedicate(.fog))])
        _ = ConsoleFixtures.render(console, rows: 40, columns: 200)
        #expect(console.flashMessage == "deployed")  // the fake's outcome line, flashed when the job ends
        #expect(try pane(console).dialog == nil)
    }

    @Test func cordonUncordonAndUndedicateAreConfirmedAndNoCancels() throws {
        let backend = try P.backend()
        let console = try P.console(backend)
        try select("edge-2", in: console)
        ConsoleFixtures.press(console, .char("c"))
        #expect(ConsoleFixtures.render(console, rows: 40, columns: 200).contains("Cordon edge-2: no new pods are scheduled on it"))
        ConsoleFixtures.press(console, .char("n"))
        #expect(backend.requests.isEmpty)
        #expect(console.flashMessage == "not changed: edge-2 (cordon cancelled)")
        ConsoleFixtures.press(console, .char("c"), .char("y"))
        #expect(backend.requests == [.node(name: "edge-2", action: .cordon)])
        // edge-2 (as the snapshot still has it) is neither cordoned nor dedicated: nothing is asked.
        ConsoleFixtures.press(console, .char("C"))
        #expect(try pane(console).dialog == nil)
        #expect(console.flashMessage == "edge-2 is not cordoned: nothing to uncordon — c cordons it")
        ConsoleFixtures.press(console, .char("U"))
        #expect(try pane(console).dialog == nil)
        #expect(console.flashMessage == "edge-2 is not dedicated (it has no marvdash.io/layer taint): nothing to undo — D dedicates it")
        #expect(backend.requests.count == 1)
    }

    @Test func aFailedActionFlashesTheAPIMessage() throws {
        let backend = try P.backend()
        backend.setOutcome(.failed("cannot cordon edge-2: nodes \"edge-2\" is forbidden"))
        let console = try P.console(backend)
        try select("edge-2", in: console)
        ConsoleFixtures.press(console, .char("c"), .char("y"))
        _ = ConsoleFixtures.render(console)
        #expect(console.flashMessage == "cordon edge-2 failed: cannot cordon edge-2: nodes \"edge-2\" is forbidden")
    }

    @Test func readOnlyHidesAndRefusesTheNodeActions() throws {
        let backend = try P.backend()
        let console = try P.console(backend, readOnly: true)
        let keys = try pane(console).keyHelp(readOnly: true).map(\.keys)
        #expect(!keys.contains("D") && !keys.contains("c") && !keys.contains("C") && !keys.contains("U") && !keys.contains("e"))
        #expect(keys.contains("h"))
        try select("fog-1", in: console)
        for key in ["D", "U", "c", "C", "e"] {
            ConsoleFixtures.press(console, .char(Character(key)))
            #expect(try pane(console).dialog == nil && !(try pane(console).capturesAllKeys))
            #expect(console.flashMessage?.hasPrefix("read-only mode:") == true)
        }
        #expect(backend.requests.isEmpty)
        let all = try pane(console).keyHelp(readOnly: false)
        #expect(all.filter(\.mutates).map(\.keys) == ["D", "U", "c", "C", "e"])
    }

    @Test func asciiModeStaysASCIIWithHeadroomAndADialog() throws {
        let console = try P.console(try P.backend())
        ConsoleFixtures.press(console, .char("h"), .enter)
        try select("fog-1", in: console)
        ConsoleFixtures.press(console, .char("c"))
        for columns in [200, 80] {
            let screen = ConsoleFixtures.render(console, rows: 30, columns: columns, unicode: false)
            let text = (0..<screen.rows).map(screen.line).joined(separator: "\n")
            let ascii = text.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(ascii, "non-ASCII in:\n\(text)")
            #expect(text.contains("Cordon fog-1"))
        }
    }
}
