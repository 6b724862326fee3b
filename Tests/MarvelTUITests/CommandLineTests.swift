import Foundation
import MarvelCore
import Testing
@testable import MarvelTUI

/// The `:` command line: completion, history kept across runs, suggestions for typos.
@Suite struct CommandLineTests {
    typealias F = ConsoleFixtures

    /// A console over the fixture snapshot whose command history lives in `stateHome`.
    private func console(stateHome: String? = nil, backend: (any ConsoleBackend)? = nil) throws -> Console {
        let source = StaticDataSource(snapshot: try F.snapshot(), connection: .connected(at: F.now))
        let options = ConsoleOptions(
            source: source, contextName: "pilot", namespace: "default", serverURL: F.serverURL,
            timeZone: TimeZone(identifier: "UTC") ?? .current, environment: stateHome.map { ["XDG_STATE_HOME": $0] } ?? [:],
            backend: backend)
        return Console(options: options)
    }

    private func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-history-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func tabCompletesCommandsThenCyclesThroughSeveral() throws {
        let c = try console()
        F.press(c, .char(":"))
        F.type(c, "ser")
        F.press(c, .tab)
        #expect(c.inputLine == ":service")  // services and service share "service"
        F.press(c, .tab)
        #expect(c.inputLine == ":service")
        F.press(c, .tab)
        #expect(c.inputLine == ":services")
        F.press(c, .backTab)
        #expect(c.inputLine == ":service")
        F.press(c, .escape, .char(":"))
        F.type(c, "tem")
        F.press(c, .tab)
        #expect(c.inputLine == ":template")
        F.press(c, .escape, .char(":"))
        F.type(c, "zz")
        F.press(c, .tab)
        #expect(c.inputLine == ":zz")
        #expect(c.flashMessage == "no completion for 'zz' — :help lists the commands")
    }

    @Test func tabCompletesNodeNamesAfterNodesAndTheCommandOpensTheDetail() throws {
        let c = try console()
        F.press(c, .char("2"), .char(":"))
        F.type(c, "roll")
        F.press(c, .tab)
        #expect(c.inputLine == ":rollback ")  // one command: completed, and a space for its argument
        F.press(c, .ctrl("u"))
        F.type(c, "nodes ed")
        F.press(c, .tab)
        #expect(c.inputLine == ":nodes edge-")
        #expect(c.flashMessage == "2 completions: edge-1  edge-2 — Tab again for the next")
        F.type(c, "2")
        F.press(c, .enter)
        #expect(c.activePane.title == "Nodes")
        #expect((c.activePane as? NodesPane)?.detailNodeName == "edge-2")
        F.press(c, .char(":"))
        F.type(c, "node nosuch")
        F.press(c, .enter)
        #expect(c.flashMessage == "no node named 'nosuch' — Tab completes node names")
    }

    @Test func argumentsCompleteFromWhatTheConsoleKnows() throws {
        let backend = FakeServicesBackend(services: ServicesFixtures.state(), templates: [try BackendFixtures.web()])
        let c = try console(backend: backend)
        let vocabulary = c.vocabulary()
        #expect(Set(vocabulary.words[.node] ?? []) == ["cloud-1", "cloud-2", "fog-1", "edge-1", "edge-2", "lab-1"])
        #expect(Set(vocabulary.words[.instance] ?? []) == ["kafka", "gpu-train", "legacy", "web"])
        #expect(vocabulary.words[.template] == ["web"])
        // Namespaces: those of the snapshot's pods, of the instances and the console's own.
        #expect(Set(vocabulary.words[.namespace] ?? []) == ["default", "ml", "monitoring", "edge"])
        // Any argument kind completes through the same path (`:ns` of the resource views uses it).
        let spec = ConsoleCommandSpec("ns", argument: .optional(.namespace), "switch namespace") { _, _ in .continue }
        let result = CommandCompletion.complete("ns m", commands: [spec], vocabulary: vocabulary)
        #expect(result.candidates == ["ml", "monitoring"])
        #expect(result.commonPrefix == "m")
        F.press(c, .char(":"))
        F.type(c, "logs k")
        F.press(c, .tab)
        #expect(c.inputLine == ":logs kafka")
        F.press(c, .enter)
        #expect(c.activePane.title == "Services")
        #expect((c.activePane as? ServicesPane)?.viewName == "logs")
        #expect(backend.streams.last?.instance == "kafka")
    }

    @Test func aTypoGetsASuggestionAndTheNextCorrectCommandClearsIt() throws {
        let c = try console()
        F.press(c, .char(":"))
        F.type(c, "servcies")
        F.press(c, .enter)
        #expect(c.flashMessage == "unknown command ':servcies' — did you mean :services?")
        F.press(c, .char(":"))
        #expect(c.flashMessage == nil)
        F.type(c, "tarining")
        F.press(c, .enter)
        #expect(c.flashMessage == "unknown command ':tarining' — did you mean :training?")
        F.press(c, .char(":"))
        F.type(c, "training")
        F.press(c, .enter)
        #expect(c.activePane.title == "Training")
        #expect(c.flashMessage == nil)
        F.press(c, .char(":"))
        F.type(c, "logs")
        F.press(c, .enter)
        #expect(c.flashMessage == "usage: :logs SERVICE — follow a service's logs")
        #expect(CommandSuggestion.nearest(to: "xyzzy", in: ConsoleReference.commands.flatMap(\.words)) == nil)
        #expect(CommandSuggestion.distance("nodse", "nodes") == 1)
    }

    @Test func historyIsBrowsedWithUpDownAndKeptAcrossRuns() throws {
        let home = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let first = try console(stateHome: home)
        for command in ["services", "nodes edge-1", "training"] {
            F.press(first, .char(":"))
            F.type(first, command)
            F.press(first, .enter)
        }
        let file = home + "/marvdash/history"
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "services\nnodes edge-1\ntraining\n")

        // A new console (a new run) reads it back.
        let second = try console(stateHome: home)
        F.press(second, .char(":"))
        F.type(second, "tem")
        F.press(second, .up)
        #expect(second.inputLine == ":training")
        F.press(second, .up, .up)
        #expect(second.inputLine == ":services")
        F.press(second, .up)
        #expect(second.inputLine == ":services")
        F.press(second, .down, .down)
        #expect(second.inputLine == ":training")
        F.press(second, .down)
        #expect(second.inputLine == ":tem")  // past the newest: what was being typed
        F.press(second, .escape)
        #expect(second.history.entries == ["services", "nodes edge-1", "training"])
    }

    @Test func historyIsBounded() throws {
        let home = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: home) }
        var history = CommandHistory(path: home + "/marvdash/history")
        for i in 0..<(2 * CommandHistory.capacity + 5) { history.add("nodes n\(i)") }
        #expect(history.entries.count == CommandHistory.capacity)
        #expect(history.entries.last == "nodes n\(2 * CommandHistory.capacity + 4)")
        let reread = CommandHistory(path: home + "/marvdash/history")
        #expect(reread.entries == history.entries)
        let lines = try String(contentsOfFile: home + "/marvdash/history", encoding: .utf8).split(separator: "\n")
        #expect(lines.count <= 2 * CommandHistory.capacity)
        history.add("nodes n\(2 * CommandHistory.capacity + 4)")  // a repeat of the last one is not kept twice
        #expect(history.entries.count == CommandHistory.capacity)
        #expect(CommandHistory.defaultPath(environment: ["HOME": "/home/op"]) == "/home/op/.local/state/marvdash/history")
        #expect(CommandHistory.defaultPath(environment: ["HOME": "/home/op", "XDG_STATE_HOME": "/s"]) == "/s/marvdash/history")
        #expect(CommandHistory.defaultPath(environment: [:]) == nil)
    }
}
