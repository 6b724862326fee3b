import Testing
@testable import MarvelTUI

@Suite struct TerminalMemoryScreenTests {
    @Test func putWritesTextAndLineTrimsTrailingSpaces() {
        let screen = MemoryScreen(rows: 3, columns: 20)
        screen.put("hello", row: 1, column: 2, style: .normal)
        #expect(screen.line(0) == "")
        #expect(screen.line(1) == "  hello")
        #expect(screen.text == "\n  hello\n")
        #expect(screen.rows == 3 && screen.columns == 20)
    }

    @Test func clipsAtTheRightAndLeftEdgesAndIgnoresRowsOutside() {
        let screen = MemoryScreen(rows: 2, columns: 10)
        screen.put("hello", row: 0, column: 8, style: .normal)
        screen.put("hello", row: 1, column: -2, style: .normal)
        screen.put("nowhere", row: 2, column: 0, style: .normal)
        screen.put("nowhere", row: -1, column: 0, style: .normal)
        screen.put("far", row: 0, column: 40, style: .normal)
        #expect(screen.line(0) == "        he")
        #expect(screen.line(1) == "llo")
        #expect(screen.line(5) == "")
    }

    @Test func fillRepeatsACharacterAndClips() {
        let screen = MemoryScreen(rows: 1, columns: 6)
        screen.fill(row: 0, column: 1, count: 3, character: "─", style: TextStyle(.border))
        #expect(screen.line(0) == " ───")
        screen.fill(row: 0, column: 4, count: 10, character: "█", style: TextStyle(.barFill))
        #expect(screen.line(0) == " ───██")
        screen.fill(row: 0, column: 0, count: 0, character: "x", style: .normal)
        #expect(screen.line(0) == " ───██")
        #expect(screen.style(row: 0, column: 5) == TextStyle(.barFill))
        #expect(screen.style(row: 0, column: 2) == TextStyle(.border))
    }

    @Test func recordsStylesPerCell() {
        let screen = MemoryScreen(rows: 2, columns: 10)
        screen.put("ok", row: 0, column: 0, style: TextStyle(.statusOK, bold: true))
        screen.put("x", row: 0, column: 3, style: TextStyle(.selection))
        #expect(screen.style(row: 0, column: 0) == TextStyle(.statusOK, bold: true))
        #expect(screen.style(row: 0, column: 1) == TextStyle(.statusOK, bold: true))
        #expect(screen.style(row: 0, column: 2) == .normal)
        #expect(screen.style(row: 0, column: 3).role == .selection)
        #expect(screen.style(row: 9, column: 9) == .normal)
    }

    @Test func wideCharactersTakeTwoCells() {
        let screen = MemoryScreen(rows: 1, columns: 10)
        screen.put("日本x", row: 0, column: 0, style: TextStyle(.title))
        #expect(screen.line(0) == "日本x")
        #expect(screen.character(row: 0, column: 4) == "x")
        #expect(screen.style(row: 0, column: 1) == TextStyle(.title))
        #expect(screen.find("x")?.column == 4)
    }

    @Test func wideCharacterCutByAnEdgeBecomesASpace() {
        let screen = MemoryScreen(rows: 2, columns: 5)
        screen.put("abcd日", row: 0, column: 0, style: .normal)
        #expect(screen.line(0) == "abcd")
        screen.put("日a", row: 1, column: -1, style: .normal)
        #expect(screen.line(1) == " a")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        let screen = MemoryScreen(rows: 2, columns: 6)
        screen.put("日本", row: 0, column: 0, style: .normal)
        screen.put("x", row: 0, column: 1, style: .normal)
        #expect(screen.line(0) == " x本")
        screen.put("日本", row: 1, column: 0, style: .normal)
        screen.put("y", row: 1, column: 2, style: .normal)
        #expect(screen.line(1) == "日y")
    }

    @Test func unicodeGlyphsTheConsoleUsesAreOneColumn() {
        let screen = MemoryScreen(rows: 1, columns: 8)
        screen.put("⣿─│█▏▎e\u{301}z", row: 0, column: 0, style: .normal)
        #expect(screen.line(0) == "⣿─│█▏▎e\u{301}z")
        #expect(screen.character(row: 0, column: 7) == "z")
    }

    @Test func controlCharactersBecomeSpaces() {
        let screen = MemoryScreen(rows: 1, columns: 10)
        screen.put("a\tb\u{1B}c", row: 0, column: 0, style: .normal)
        #expect(screen.line(0) == "a b c")
    }

    @Test func containsFindAndClear() {
        let screen = MemoryScreen(rows: 3, columns: 20)
        screen.put("Nodes  Services", row: 2, column: 1, style: .normal)
        #expect(screen.contains("Services"))
        #expect(!screen.contains("Nodes\n"))
        #expect(screen.find("Services")?.row == 2)
        #expect(screen.find("Services")?.column == 8)
        #expect(screen.find("Images") == nil)
        screen.clear()
        #expect(!screen.contains("Nodes"))
        #expect(screen.text == "\n\n")
    }

    @Test func resizeKeepsTheTopLeftCorner() {
        let screen = MemoryScreen(rows: 2, columns: 6)
        screen.put("abc日", row: 0, column: 0, style: .normal)
        screen.put("second", row: 1, column: 0, style: .normal)
        screen.resize(rows: 3, columns: 4)
        #expect(screen.rows == 3 && screen.columns == 4)
        #expect(screen.line(0) == "abc")
        #expect(screen.line(1) == "seco")
        #expect(screen.line(2) == "")
        screen.put("wxyz", row: 2, column: 0, style: .normal)
        #expect(screen.line(2) == "wxyz")
    }

    @Test func flushIsCountedAndUnicodeFlagKept() {
        let screen = MemoryScreen(rows: 1, columns: 1, unicode: false)
        screen.flush()
        screen.flush()
        #expect(screen.flushCount == 2)
        #expect(!screen.unicode)
        #expect(MemoryScreen(rows: 1, columns: 1).unicode)
    }

    @Test func displayWidths() {
        #expect(DisplayWidth.of("a") == 1)
        #expect(DisplayWidth.of("日") == 2)
        #expect(DisplayWidth.of("한") == 2)
        #expect(DisplayWidth.of("🙂") == 2)
        #expect(DisplayWidth.of("⣿") == 1)
        #expect(DisplayWidth.of("─") == 1)
        #expect(DisplayWidth.of("é") == 1)
        #expect(DisplayWidth.of("\u{301}") == 0)
        #expect(DisplayWidth.of("\u{7}") == 0)
        #expect(DisplayWidth.of("ab日本") == 6)
    }
}

@Suite struct TerminalFillRunTests {
    @Test func hugeAndOffScreenFillsStayBounded() {
        let screen = MemoryScreen(rows: 1, columns: 8)
        screen.fill(row: 0, column: -100, count: 104, character: "=", style: .normal)
        #expect(screen.line(0) == "====")
        screen.fill(row: 0, column: 2, count: Int.max, character: "-", style: .normal)
        #expect(screen.line(0) == "==------")
        screen.fill(row: 0, column: -3, count: 3, character: "x", style: .normal)
        #expect(screen.line(0) == "==------")
        screen.fill(row: 0, column: -1, count: 2, character: "日", style: .normal)
        #expect(screen.line(0) == " 日-----")
    }

    @Test func runArithmetic() {
        let run = FillRun(column: -10, count: 100, characterWidth: 1, screenColumns: 20)
        #expect(run.column == 0)
        #expect(run.count >= 20 && run.count <= 22)
        #expect(FillRun(column: 30, count: 5, characterWidth: 1, screenColumns: 20).count <= 1)
        #expect(FillRun(column: 0, count: -2, characterWidth: 1, screenColumns: 20).count == 0)
    }
}
