import Foundation
import MarvelCore
import Testing
@testable import MarvelTUI

/// Long answers are never cut: they wrap above the key hints (up to a third of
/// the screen) and `!` shows every message of the session in full.
@Suite struct MessageAreaTests {
    /// A 400-character reason as the scheduler and the API write them.
    static let reason: String = {
        let head = "no node can run StatefulSet/kbig: 0/11 nodes are available: 1 node(s) had untolerated taint {Layer: GRNEDGE1}, "
            + "1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had untolerated taint "
            + "{node.kubernetes.io/unreachable: }, 3 Insufficient memory, 5 node(s) were not in layer cloud. Nearest miss: "
            + "psnc-gpu1 lacks 559.5Mi memory; "
        var text = head
        var i = 0
        while text.count < 400 {
            text += "mtedge\(i) lacks 2 cpu; "
            i += 1
        }
        return String(text.prefix(399)) + "."
    }()

    /// A console on the fixture snapshot whose node actions fail with `message`.
    private func failingConsole(_ message: String) throws -> Console {
        let backend = try PlacementFixtures.backend()
        backend.setOutcome(.failed(message))
        let console = try PlacementFixtures.console(backend)
        ConsoleFixtures.press(console, .char("c"), .char("y"))
        return console
    }

    /// The text of `rows` joined back into one line (continuation indents dropped).
    private func joined(_ screen: MemoryScreen, _ rows: ClosedRange<Int>) -> String {
        rows.map { screen.line($0).trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    @Test func aFourHundredCharacterReasonIsReadableInFullAt80x24() throws {
        #expect(Self.reason.count == 400)
        let console = try failingConsole(Self.reason)
        let screen = ConsoleFixtures.render(console, rows: 24, columns: 80)
        let first = try #require((0..<24).first { screen.line($0).contains("✖ cordon cloud-1 failed:") })
        // The message area ends right above the status line, which keeps the key hints.
        #expect(screen.line(23).contains("? help") && screen.line(23).contains("q quit"))
        #expect(23 - first <= 24 / 3)
        #expect(screen.style(row: first, column: 1).role == .statusError)
        #expect(joined(screen, first...22) == "✖ cordon cloud-1 failed: " + Self.reason)
        // The pane still draws above it.
        #expect(screen.line(2).hasPrefix("NAME"))
        // The next key clears it.
        ConsoleFixtures.press(console, .char("j"))
        #expect(!ConsoleFixtures.render(console, rows: 24, columns: 80).contains("cordon cloud-1 failed"))
    }

    @Test func aMessageLongerThanAThirdOfTheScreenSaysWhereTheRestIs() throws {
        let long = (1...80).map { "reason\($0)" }.joined(separator: " ")
        let console = try failingConsole(long)
        let screen = ConsoleFixtures.render(console, rows: 24, columns: 80)
        #expect(screen.line(22).contains("more lines — ! shows the whole message"))
        #expect(!screen.contains("reason80"))
        // ! opens the history with the whole text, wrapped; Esc closes it.
        ConsoleFixtures.press(console, .char("!"))
        #expect(console.isMessageHistoryOpen)
        let history = ConsoleFixtures.render(console, rows: 24, columns: 80)
        #expect(history.contains("Messages of this session (1)"))
        ConsoleFixtures.press(console, .char("G"))
        let end = ConsoleFixtures.render(console, rows: 24, columns: 80)
        #expect(end.contains("reason80"))
        #expect(end.line(23).contains("Esc ! q close"))
        ConsoleFixtures.press(console, .char("q"))
        #expect(!console.isMessageHistoryOpen)
        // :messages opens it too.
        ConsoleFixtures.press(console, .char(":"))
        ConsoleFixtures.type(console, "messages")
        ConsoleFixtures.press(console, .enter)
        #expect(console.isMessageHistoryOpen)
    }

    @Test func aShortMessageSitsBesideTheHints() {
        let none = MessageArea.layout(nil, width: 80, screenRows: 24, hintsWidth: 40, historyKey: true)
        #expect(none == .none)
        let short = MessageArea.layout(ConsoleMessage("cordoned cloud-1"), width: 80, screenRows: 24, hintsWidth: 40, historyKey: true)
        #expect(short.rows.isEmpty)
        #expect(short.beside?.text == "cordoned cloud-1")
        let wide = MessageArea.layout(ConsoleMessage("cordoned cloud-1"), width: 80, screenRows: 24, hintsWidth: 70, historyKey: true)
        #expect(wide.beside == nil)
        #expect(wide.rows.map(\.plainText) == [" cordoned cloud-1"])
    }

    @Test func theHistoryKeepsTheLastMessagesWithTheirTimes() throws {
        var log = MessageLog()
        for i in 0..<(MessageLog.capacity + 3) { log.post(ConsoleMessage("m\(i)")) }
        #expect(log.history.count == MessageLog.capacity)
        #expect(log.history.first?.text == "m3")
        let at = Date(timeIntervalSince1970: 1_796_029_687)
        #expect(log.shown(at: at)?.text == "m\(MessageLog.capacity + 2)")
        #expect(log.history.last?.shownAt == at)
        let lines = MessageHistoryView.lines(log.history.suffix(1), width: 60, timeZone: TimeZone(identifier: "UTC") ?? .current)
        #expect(lines.map(\.plainText) == ["09:08:07 m\(MessageLog.capacity + 2)"])
        #expect(log.shown(at: at.addingTimeInterval(Console.flashSeconds + 1)) == nil)
    }
}
