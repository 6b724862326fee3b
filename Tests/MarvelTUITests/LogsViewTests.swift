import Foundation
import MarvelCore
import Testing
@testable import MarvelTUI

/// The logs view: follow and pause, search, wrap and sideways scrolling,
/// timestamps, the pod picker, the previous container, saving, reconnecting.
@Suite struct LogsViewTests {
    typealias F = ServicesFixtures

    /// The Services console with kafka's logs open on all pods (the picker closed).
    private func openLogs() throws -> (Console, FakeServicesBackend, FakeLogStream) {
        let backend = FakeServicesBackend(services: F.state())
        let console = F.console(backend)
        F.press(console, .char("l"), .enter)
        let stream = try #require(backend.streams.last?.stream)
        return (console, backend, stream)
    }

    private func view(_ console: Console) throws -> ServiceLogsView {
        guard case .logs(let logs, _)? = F.pane(console)?.view else { throw LogsViewMissing() }
        return logs
    }

    struct LogsViewMissing: Error {}

    /// "2026-11-30T09:00:07.5Z line N" (the API's form with timestamps=true).
    private func stamped(_ n: Int, _ text: String? = nil) -> String {
        "2026-11-30T09:\(String(format: "%02d", n / 60)):\(String(format: "%02d", n % 60)).5Z " + (text ?? "line \(n)")
    }

    @Test func aReopenedViewStartsFollowing() throws {
        let (console, backend, stream) = try openLogs()
        stream.append((1...60).map { stamped($0) })
        _ = F.render(console)
        F.press(console, .pageUp)
        #expect(F.render(console).contains("paused (f or G follows)"))
        F.press(console, .char("q"), .char("l"), .enter)
        #expect(backend.streams.count == 2)
        #expect(stream.isCancelled)
        backend.streams.last?.stream.append((1...60).map { stamped($0) })
        let screen = F.render(console)
        #expect(screen.contains("Logs: kafka · all pods — following"))
        #expect(screen.contains("line 60"))
        // f pauses and follows again.
        F.press(console, .char("f"))
        #expect(try !view(console).following)
        F.press(console, .char("f"))
        #expect(try view(console).following)
    }

    @Test func searchHighlightsMatchesAndNJumps() throws {
        let (console, _, stream) = try openLogs()
        stream.append((1...100).map { stamped($0, $0 % 25 == 0 ? "ERROR disk full on node \($0)" : "ok \($0)") })
        _ = F.render(console)
        F.press(console, .char("/"))
        #expect(try view(console).capturesAllKeys)
        for c in "error" { F.press(console, .char(c)) }
        #expect(F.render(console).contains("search: error"))
        F.press(console, .enter)
        #expect(try view(console).matchLines.count == 4)
        #expect(try !view(console).following)
        // The first match from the top of the view: the view was at the newest lines.
        #expect(console.flashMessage == "match 4 of 4 for 'error'")
        F.press(console, .char("n"))
        #expect(console.flashMessage == "match 1 of 4 for 'error'")  // n wraps around to the oldest
        var screen = F.render(console)
        let hit = try #require(screen.find("ERROR disk full on node 25"))
        #expect(screen.style(row: hit.row, column: hit.column) == TextStyle(.flash, reverse: true))
        #expect(screen.style(row: hit.row, column: hit.column + 6).role != .flash)
        F.press(console, .char("n"), .char("n"))
        #expect(console.flashMessage == "match 3 of 4 for 'error'")
        screen = F.render(console)
        #expect(screen.contains("node 75"))
        F.press(console, .char("N"))
        #expect(console.flashMessage == "match 2 of 4 for 'error'")
        F.press(console, .char("n"), .char("n"), .char("n"))
        #expect(console.flashMessage == "match 1 of 4 for 'error'")
        // A regular expression; Esc clears the search (the view stays), q leaves.
        F.press(console, .char("/"), .ctrl("u"))
        for c in "re:node (50|100)$" { F.press(console, .char(c)) }
        F.press(console, .enter)
        #expect(try view(console).matchLines.count == 2)
        F.press(console, .escape)
        #expect(try view(console).search == nil)
        #expect(F.pane(console)?.viewName == "logs")
        F.press(console, .char("/"))
        for c in "re:(" { F.press(console, .char(c)) }
        F.press(console, .enter)
        #expect(console.flashMessage?.hasPrefix("invalid regular expression '('") == true)
    }

    @Test func wrapShowsALongLineWholeAndSidewaysScrollingReachesItsEnd() throws {
        let (console, _, stream) = try openLogs()
        let long = "start " + String(repeating: "x", count: 150) + " END"
        stream.append([stamped(1, long)])
        var screen = F.render(console, rows: 24, columns: 80)
        #expect(!screen.contains("END"))
        F.press(console, .right, .right, .right, .right, .right, .right, .right)
        screen = F.render(console, rows: 24, columns: 80)
        #expect(screen.contains("x END"))
        F.press(console, .char("w"))
        screen = F.render(console, rows: 24, columns: 80)
        let start = try #require(screen.find("start"))
        #expect(start.column == 0)
        #expect(screen.line(start.row + 2).hasSuffix("END"))
        #expect(try view(console).viewer.column == 0)
    }

    @Test func timestampsShowOnT() throws {
        let (console, _, stream) = try openLogs()
        stream.append([stamped(7, "hello")], source: "kafka-7d9c-x2x")
        var screen = F.render(console, rows: 24, columns: 100)
        #expect(screen.contains("[kafka-7d9c-x2x] hello"))
        #expect(!screen.contains("2026-11-30T09:00:07.5Z"))
        F.press(console, .char("t"))
        screen = F.render(console, rows: 24, columns: 100)
        #expect(screen.contains("2026-11-30T09:00:07.5Z [kafka-7d9c-x2x] hello"))
    }

    @Test func thePickerChoosesAPodAndPShowsThePreviousContainer() throws {
        let (console, backend, _) = try openLogs()
        F.press(console, .char("c"))
        #expect(F.render(console).contains("Follow which pod and container?"))
        F.press(console, .char("j"), .enter)
        let chosen = try #require(backend.streams.last)
        #expect(backend.streams.count == 2)
        #expect(chosen.query.pod == "kafka-7d9c-x2x" && chosen.query.container == nil)
        #expect(F.render(console).contains("Logs: kafka · kafka-7d9c-x2x — "))
        F.press(console, .char("p"))
        let previous = try #require(backend.streams.last)
        #expect(previous.query.previous && previous.query.pod == "kafka-7d9c-x2x")
        #expect(chosen.stream.isCancelled)
        previous.stream.finish("")
        #expect(F.render(console).contains("(previous container) — the previous container's log"))
        // Choices for a pod with several containers.
        let choices = LogChoice.choices(pods: [(name: "a-2", containers: ["main"]), (name: "a-10", containers: ["main", "sidecar"])])
        #expect(choices.map(\.label) == [
            "all 2 pods (each pod's default container)", "a-2", "a-10 (default container)", "a-10 / main", "a-10 / sidecar",
        ])
        #expect(choices[4].pod == "a-10" && choices[4].container == "sidecar")
    }

    @Test func saveWritesTheLinesAndSaysWhere() throws {
        let (console, _, stream) = try openLogs()
        stream.append([stamped(1, "first"), stamped(2, "second")])
        _ = F.render(console)
        F.press(console, .char("s"))
        let prompt = try #require(try view(console).promptLine)
        #expect(prompt.hasPrefix("save to: ./kafka-") && prompt.hasSuffix(".log"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-logs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        F.press(console, .ctrl("u"))
        for c in folder + "/kafka.log" { F.press(console, .char(c)) }
        F.press(console, .enter)
        #expect(console.flashMessage == "wrote 2 lines to \(folder)/kafka.log")
        #expect(try String(contentsOfFile: folder + "/kafka.log", encoding: .utf8) == "first\nsecond\n")
        F.press(console, .char("t"), .char("s"), .ctrl("u"))
        for c in folder { F.press(console, .char(c)) }
        F.press(console, .enter)
        #expect(console.flashMessage == "not saved: \(folder) is a folder — give a file name")
    }

    @Test func anOutageShowsReconnectingAndTheLinesGoOn() throws {
        let (console, _, stream) = try openLogs()
        stream.append([stamped(1)])
        stream.set(.reconnecting(attempt: 2, reason: "cannot connect to https://127.0.0.1:6443: connection refused"))
        var screen = F.render(console, rows: 24, columns: 120)
        #expect(screen.contains("— reconnecting… (attempt 2: cannot connect to https://127.0.0.1:6443: connection refused)"))
        let title = try #require(screen.find("reconnecting…"))
        #expect(screen.style(row: title.row, column: title.column).role == .statusWarn)
        stream.set(.following)
        stream.append([stamped(2)])
        screen = F.render(console, rows: 24, columns: 120)
        #expect(screen.contains("— following"))
        #expect(screen.contains("line 2"))
    }
}
