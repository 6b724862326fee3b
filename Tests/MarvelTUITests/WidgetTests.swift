import Testing
@testable import MarvelTUI

@Suite struct WidgetTextTests {
    @Test func rectSplitsAndCentres() {
        let r = Rect(row: 2, column: 0, height: 21, width: 80)
        let (top, rest) = r.splitTop(1)
        #expect(top == Rect(row: 2, column: 0, height: 1, width: 80))
        #expect(rest == Rect(row: 3, column: 0, height: 20, width: 80))
        #expect(r.splitBottom(30).bottom.height == 21)
        #expect(r.centered(width: 40, height: 5) == Rect(row: 10, column: 20, height: 5, width: 40))
        #expect(r.inset(by: 1) == Rect(row: 3, column: 1, height: 19, width: 78))
        #expect(Rect(row: 0, column: 0, height: -3, width: 5).isEmpty)
    }

    @Test func clipAddsEllipsisOnlyWhenCut() {
        #expect(TextFit.clip("cloud-1", to: 10) == "cloud-1")
        #expect(TextFit.clip("cloud-node-17", to: 8) == "cloud-n…")
        #expect(TextFit.clip("cloud-node-17", to: 8, unicode: false) == "cloud-n~")
        #expect(TextFit.clip("abc", to: 0) == "")
        #expect(TextFit.fit("ab", to: 5, alignment: .right) == "   ab")
        #expect(TextFit.fit("ab", to: 5, alignment: .center) == " ab  ")
    }

    @Test func clipCountsWideCharactersAsTwoColumns() {
        // 日本 is 4 columns; box drawing, braille and blocks are 1 each.
        #expect(DisplayWidth.of(TextFit.clip("日本語です", to: 5)) <= 5)
        #expect(TextFit.clip("日本語", to: 5) == "日本…")
        #expect(TextFit.fit("─⣿█", to: 4) == "─⣿█ ")
    }

    @Test func asciiFallbackLeavesOnlyASCII() {
        let text = ASCIIFallback.convert("▼ CLOUD · 3 nodes — ● ok ◌ … 日")
        #expect(text == "v CLOUD | 3 nodes - * ok o ... ?")
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func drawConvertsToASCIIOnNonUnicodeScreens() {
        let screen = MemoryScreen(rows: 1, columns: 20, unicode: false)
        screen.draw("● connected", row: 0, column: 0, width: 20)
        #expect(screen.line(0) == "* connected")
    }
}

@Suite struct WidgetBarTests {
    @Test func unicodeBarUsesEighths() {
        let half = Bar.cells(percent: 50, width: 10, unicode: true)
        #expect(half.filled == "█████")
        #expect(half.empty.count == 5)
        // 43% of 10 cells = 4.3 cells = 34.4 eighths → 34 = 4 full + ▎ (2/8).
        let part = Bar.cells(percent: 43, width: 10, unicode: true)
        #expect(part.filled == "████▎")
        #expect(DisplayWidth.of(part.filled + part.empty) == 10)
        #expect(Bar.cells(percent: 150, width: 4, unicode: true).filled == "████")
        #expect(Bar.cells(percent: -5, width: 4, unicode: true).filled == "")
    }

    @Test func asciiBarUsesHashesAndDots() {
        let bar = Bar.cells(percent: 75, width: 8, unicode: false)
        #expect(bar.filled == "######")
        #expect(bar.empty == "..")
    }

    @Test func levelsPickRoles() {
        #expect(Bar.role(forPercent: 0) == .statusOK)
        #expect(Bar.role(forPercent: 69.9) == .statusOK)
        #expect(Bar.role(forPercent: 70) == .statusWarn)
        #expect(Bar.role(forPercent: 89.9) == .statusWarn)
        #expect(Bar.role(forPercent: 90) == .statusError)
    }

    @Test func drawnBarHasLevelStyle() {
        let screen = MemoryScreen(rows: 1, columns: 10)
        Bar.draw(percent: 95, row: 0, column: 0, width: 10, on: screen)
        #expect(screen.line(0).hasPrefix("█████████▌"))
        #expect(screen.style(row: 0, column: 0).role == .statusError)
    }
}

@Suite struct WidgetBoxTests {
    @Test func unicodeAndASCIIBorders() {
        let u = MemoryScreen(rows: 4, columns: 10)
        let inner = Box.draw(Rect(row: 0, column: 0, height: 4, width: 10), title: "Hi", on: u)
        #expect(inner == Rect(row: 1, column: 1, height: 2, width: 8))
        #expect(u.line(0) == "┌─ Hi ───┐")
        #expect(u.line(1) == "│        │")
        #expect(u.line(3) == "└────────┘")
        let a = MemoryScreen(rows: 3, columns: 6, unicode: false)
        Box.draw(Rect(row: 0, column: 0, height: 3, width: 6), on: a)
        #expect(a.text == "+----+\n|    |\n+----+")
    }
}

@Suite struct WidgetTableTests {
    @Test func cellWidthsAgreeWithDisplayWidth() {
        for text in ["", "cloud-node-12", "15.6Gi", "a\tb", "\u{7F}x", "日本", "e\u{301}", "✔ ok", "Zürich", "🚀"] {
            #expect(TableCell.plain(text).naturalWidth == DisplayWidth.of(text), "\(text.debugDescription)")
        }
        #expect(TableCell.bar(percent: 42).naturalWidth == 15)
    }

    static let columns = [
        TableColumn("NAME", minWidth: 6, maxWidth: 20, priority: 100),
        TableColumn("STATUS", minWidth: 6, priority: 90),
        TableColumn("NOTES", minWidth: 8, priority: 0, fills: true),
    ]

    static let rows: [TableRow] = [
        .heading("GROUP A", TextStyle(.layerCloud)),
        .data([.plain("alpha"), .plain("Ready"), .plain("first")]),
        .data([.plain("beta"), .plain("Ready"), .plain("second")]),
        .heading("GROUP B", TextStyle(.layerEdge)),
        .data([.plain("gamma"), .plain("NotReady"), .plain("third")]),
    ]

    @Test func lowPriorityColumnsDropFirst() {
        let wide = TableLayout.widths(for: Self.columns, rows: Self.rows, width: 40)
        #expect(wide.allSatisfy { $0 != nil })
        #expect(wide.compactMap { $0 }.reduce(0, +) + 2 <= 40)
        let narrow = TableLayout.widths(for: Self.columns, rows: Self.rows, width: 20)
        #expect(narrow[2] == nil)
        #expect(narrow[0] != nil && narrow[1] != nil)
    }

    @Test func columnsGrowToContentThenFill() {
        let w = TableLayout.widths(for: Self.columns, rows: Self.rows, width: 40)
        #expect(w[0] == 6)      // "alpha"/"gamma" fit the minimum
        #expect(w[1] == 8)      // "NotReady"
        #expect(w[2] == 40 - 6 - 8 - 2)  // the filling column takes the rest
    }

    @Test func movementSkipsHeadingsAndStopsAtEnds() {
        var state = TableState()
        state.clamp(to: Self.rows)
        #expect(state.selection == 1)
        state.move(by: 1, in: Self.rows)
        #expect(state.selection == 2)
        state.move(by: 1, in: Self.rows)
        #expect(state.selection == 4)  // skipped the heading at 3
        state.move(by: 1, in: Self.rows)
        #expect(state.selection == 4)
        state.move(by: -5, in: Self.rows)
        #expect(state.selection == 1)
        state.moveToLast(in: Self.rows)
        #expect(state.selection == 4)
        state.moveToFirst(in: Self.rows)
        #expect(state.selection == 1)
    }

    @Test func navigationKeysAreTheSameInEveryTable() {
        var state = TableState(selection: 1)
        for key: Key in [.char("j"), .down, .ctrl("f"), .pageDown, .char("G"), .end, .char("k"), .up, .ctrl("b"),
                         .pageUp, .char("g"), .home] {
            #expect(TableState.isNavigationKey(key), "\(key)")
        }
        #expect(!TableState.isNavigationKey(.enter) && !TableState.isNavigationKey(.char("l")))
        state.navigate(.char("j"), in: Self.rows, page: 10)
        #expect(state.selection == 2)
        state.navigate(.down, in: Self.rows, page: 10)
        #expect(state.selection == 4)  // skipped the heading at 3
        state.navigate(.pageUp, in: Self.rows, page: 2)
        #expect(state.selection == 1)
        state.navigate(.ctrl("f"), in: Self.rows, page: 2)
        #expect(state.selection == 4)
        state.navigate(.char("g"), in: Self.rows, page: 2)
        #expect(state.selection == 1)
        state.navigate(.end, in: Self.rows, page: 2)
        #expect(state.selection == 4)
        state.navigate(.enter, in: Self.rows, page: 2)
        #expect(state.selection == 4)
    }

    @Test func clampMovesOffAHeading() {
        var state = TableState(selection: 3)
        state.clamp(to: Self.rows)
        #expect(state.selection == 2 || state.selection == 4)
        var empty = TableState(selection: 2)
        empty.clamp(to: [.heading("none", .normal)])
        #expect(empty.selection == nil)
    }

    @Test func scrollingKeepsSelectionVisibleWithItsHeading() {
        var state = TableState(selection: 4)
        state.scrollToSelection(visibleRows: 2, rowCount: 5, rows: Self.rows)
        #expect(state.offset == 3)  // heading B and gamma
        state.selection = 1
        state.scrollToSelection(visibleRows: 2, rowCount: 5, rows: Self.rows)
        #expect(state.offset == 0)  // heading A brought into view too
    }

    @Test func rendersHeaderHeadingsAndSelection() {
        let screen = MemoryScreen(rows: 6, columns: 40)
        let table = Table(columns: Self.columns, rows: Self.rows, state: TableState(selection: 2))
        table.render(in: Rect(screen: screen), on: screen)
        #expect(screen.line(0).hasPrefix("NAME   STATUS   NOTES"))
        #expect(screen.style(row: 0, column: 0).role == .header)
        #expect(screen.line(1) == "GROUP A")
        #expect(screen.style(row: 1, column: 0).role == .layerCloud)
        #expect(screen.line(3).hasPrefix("beta   Ready    second"))
        #expect(screen.style(row: 3, column: 0).role == .selection)
        #expect(screen.style(row: 3, column: 39).role == .selection)
        #expect(screen.style(row: 2, column: 0).role == .normal)
    }

    @Test func barCellShowsLabelAndBar() {
        let screen = MemoryScreen(rows: 2, columns: 15)
        let table = Table(columns: [TableColumn("CPU%", minWidth: 15)], rows: [.data([.bar(percent: 80)])])
        table.render(in: Rect(screen: screen), on: screen)
        #expect(screen.line(1) == " 80% ████████")
        #expect(screen.style(row: 1, column: 5).role == .statusWarn)
    }
}

@Suite struct WidgetViewerTests {
    @Test func scrollsWithinTheText() {
        var viewer = TextViewer(lines: (1...10).map { StyledLine("line \($0)") })
        let handled = viewer.handle(.char("j"), height: 4)
        #expect(handled)
        #expect(viewer.offset == 1)
        _ = viewer.handle(.char("G"), height: 4)
        #expect(viewer.offset == 6)
        _ = viewer.handle(.down, height: 4)
        #expect(viewer.offset == 6)
        _ = viewer.handle(.pageUp, height: 4)
        #expect(viewer.offset == 3)
        _ = viewer.handle(.char("g"), height: 4)
        #expect(viewer.offset == 0)
        let ignored = viewer.handle(.char("x"), height: 4)
        #expect(!ignored)
    }

    @Test func rendersVisibleLinesAndMoreMarker() {
        let screen = MemoryScreen(rows: 3, columns: 30)
        TextViewer(lines: (1...10).map { StyledLine("line \($0)") }, offset: 2).render(in: Rect(screen: screen), on: screen)
        #expect(screen.line(0) == "line 3")
        #expect(screen.line(1) == "line 4")
        #expect(screen.line(2).hasPrefix("line 5"))
        #expect(screen.line(2).hasSuffix("↓ 5 more"))
    }
}

@Suite struct WidgetInputFieldTests {
    @Test func editsAtTheCursor() {
        var field = InputField(prompt: "/")
        for c in "edg" { #expect(field.handle(.char(c)) == .changed) }
        #expect(field.text == "edg")
        #expect(field.handle(.left) == .unchanged)
        #expect(field.handle(.char("x")) == .changed)
        #expect(field.text == "edxg")
        #expect(field.handle(.backspace) == .changed)
        #expect(field.text == "edg")
        _ = field.handle(.end)
        _ = field.handle(.char("e"))
        #expect(field.text == "edge")
        _ = field.handle(.home)
        #expect(field.handle(.backspace) == .unchanged)
        #expect(field.handle(.delete) == .changed)
        #expect(field.text == "dge")
        #expect(field.handle(.ctrl("u")) == .changed)
        #expect(field.text == "")
        #expect(field.handle(.enter) == .submitted)
        #expect(field.handle(.escape) == .cancelled)
    }

    @Test func rendersPromptTextAndCursor() {
        let screen = MemoryScreen(rows: 1, columns: 20)
        InputField(prompt: ":", text: "nodes").render(row: 0, column: 0, width: 20, on: screen)
        #expect(screen.line(0) == ":nodes")
        #expect(screen.style(row: 0, column: 6).reverse)
    }

    @Test func longTextScrollsToKeepTheCursorVisible() {
        let screen = MemoryScreen(rows: 1, columns: 10)
        InputField(prompt: "/", text: "abcdefghijklmnop").render(row: 0, column: 0, width: 10, on: screen)
        #expect(screen.line(0).hasSuffix("p"))
        #expect(screen.style(row: 0, column: 9).reverse)
    }
}
