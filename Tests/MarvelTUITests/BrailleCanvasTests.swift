import Testing

@testable import MarvelTUI

@Suite struct BrailleCanvasTests {
    @Test func dotsMapToUnicodeBrailleBits() {
        var canvas = BrailleCanvas(width: 3, height: 2, unicode: true)
        #expect(canvas.dotWidth == 6 && canvas.dotHeight == 8)
        canvas.set(x: 0, y: 0)  // dot 1 of cell (0,0)
        #expect(canvas.character(row: 0, column: 0) == "\u{2801}")
        canvas.set(x: 1, y: 3)  // dot 8 of the same cell
        #expect(canvas.character(row: 0, column: 0) == "\u{2881}")
        canvas.set(x: 2, y: 5)  // cell (1,1), left column, second row: dot 2
        #expect(canvas.character(row: 1, column: 1) == "\u{2802}")
        canvas.set(x: 5, y: 6)  // cell (1,2), right column, third row: dot 6
        #expect(canvas.character(row: 1, column: 2) == "\u{2820}")
        canvas.set(x: 4, y: 7)  // same cell, left column, bottom: dot 7
        #expect(canvas.character(row: 1, column: 2) == "\u{2860}")
        canvas.set(x: 6, y: 0)  // outside: ignored
        canvas.set(x: -1, y: 0)
        #expect(canvas.character(row: 0, column: 2) == "\u{2800}")
        #expect(canvas.isSet(row: 0, column: 0) && !canvas.isSet(row: 0, column: 1))
    }

    @Test func fullCellIsAllEightDots() {
        var canvas = BrailleCanvas(width: 1, height: 1, unicode: true)
        for x in 0..<2 { for y in 0..<4 { canvas.set(x: x, y: y) } }
        #expect(canvas.character(row: 0, column: 0) == "\u{28FF}")
    }

    @Test func asciiModeIsOneDotPerCell() {
        var canvas = BrailleCanvas(width: 4, height: 2, unicode: false)
        #expect(canvas.dotWidth == 4 && canvas.dotHeight == 2)
        canvas.set(x: 1, y: 1, role: .series1)
        canvas.set(x: 2, y: 0, role: .series2, faint: true)
        canvas.set(x: 1, y: 1, role: .series2, faint: true)
        #expect(canvas.character(row: 1, column: 1) == "*")
        #expect(canvas.character(row: 0, column: 2) == ".")
        #expect(canvas.character(row: 0, column: 0) == " ")
        let screen = MemoryScreen(rows: 2, columns: 4, unicode: false)
        canvas.draw(row: 0, column: 0, on: screen)
        #expect(screen.style(row: 1, column: 1).role == .series1, "a faint dot never recolours a solid one")
        #expect(screen.line(0) == "  ." && screen.line(1) == " *")
    }

    @Test func linesConnectEndpointsAndDashesSkipRuns() {
        var canvas = BrailleCanvas(width: 10, height: 1, unicode: false)
        var phase = 0
        canvas.line(from: (0, 0), to: (9, 0), phase: &phase)
        #expect((0..<10).allSatisfy { canvas.isSet(row: 0, column: $0) })
        var dashed = BrailleCanvas(width: 10, height: 1, unicode: false)
        phase = 0
        dashed.line(from: (0, 0), to: (9, 0), dashed: true, phase: &phase)
        #expect((0..<10).map { dashed.isSet(row: 0, column: $0) } == [true, true, true, false, false, false, true, true, true, false])
        var diagonal = BrailleCanvas(width: 2, height: 1, unicode: true)
        phase = 0
        diagonal.line(from: (0, 0), to: (3, 3), phase: &phase)
        // (0,0) (1,1) in the first cell: dots 1 and 5; (2,2) (3,3) in the second: dots 3 and 8.
        #expect(diagonal.character(row: 0, column: 0) == "\u{2811}")
        #expect(diagonal.character(row: 0, column: 1) == "\u{2884}")
    }
}
