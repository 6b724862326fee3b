import Foundation
import MarvelCore
import Testing

@testable import MarvelTUI

/// The Training pane inside the whole console: tab 5, keys, help, status hints.
@Suite struct TrainingPaneConsoleTests {
    typealias C = ConsoleFixtures

    func console(metrics: (any MetricsSource)?) throws -> Console {
        let source = StaticDataSource(snapshot: try C.snapshot(), connection: .connected(at: Date(timeIntervalSince1970: 0)))
        let options = ConsoleOptions(source: source, contextName: "marvel-pilot", namespace: "default", serverURL: C.serverURL,
                                     timeZone: TimeZone(identifier: "UTC") ?? .current, environment: [:],
                                     metrics: metrics)
        return Console(options: options)
    }

    @Test func tabFiveShowsTheRunsWithKeyHintsAndHelp() throws {
        let console = try console(metrics: TrainingPaneFixtures.feed())
        C.press(console, .char("5"))
        #expect(console.activePane.title == "Training")
        var screen = C.render(console)
        #expect(screen.contains("fm-dynhp") && screen.contains("Model size"))
        #expect(screen.line(23).contains("epoch table") && screen.line(23).contains("c compare"))
        C.press(console, .char("c"), .char("j"))
        screen = C.render(console)
        #expect(screen.contains("vs fm-dynhp"))
        #expect(screen.line(23).contains("stop comparing"))
        C.press(console, .escape)
        #expect(!C.render(console).contains("vs fm-dynhp"))
        C.press(console, .char("?"))
        screen = C.render(console)
        #expect(screen.contains("Training pane") && screen.contains("stop comparing"))
        C.press(console, .escape, .char("/"))
        C.type(console, "fm-hp")
        C.press(console, .enter)
        screen = C.render(console)
        #expect(screen.contains("fm-hp") && !screen.contains("file run.jsonl"))
    }

    @Test func withoutASourceTheConsoleSaysHowToGetRuns() throws {
        let console = try console(metrics: nil)
        C.press(console, .char("5"))
        let screen = C.render(console, rows: 60, columns: 200)
        #expect(screen.contains("No training runs yet"))
        #expect(screen.contains("marvdash --metrics run.jsonl"))
    }
}
