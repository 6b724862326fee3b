/// Test backend: a grid of cells kept in memory so tests can read back what
/// widgets drew. A wide character takes two cells (the second is marked as its
/// continuation); control characters become spaces; text is clipped to the grid.
public final class MemoryScreen: Screen {
    /// One grid cell.
    struct Cell: Equatable {
        var character: Character
        var style: TextStyle
        /// True for the right half of a wide character.
        var continuation: Bool

        static let blank = Cell(character: " ", style: .normal, continuation: false)
    }

    public private(set) var rows: Int
    public private(set) var columns: Int
    public let unicode: Bool
    /// How many times `flush()` was called.
    public private(set) var flushCount = 0
    private var cells: [[Cell]]

    public init(rows: Int, columns: Int, unicode: Bool = true) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        self.unicode = unicode
        cells = Array(repeating: Array(repeating: .blank, count: max(0, columns)), count: max(0, rows))
    }

    public func clear() {
        cells = Array(repeating: Array(repeating: .blank, count: columns), count: rows)
    }

    public func put(_ text: String, row: Int, column: Int, style: TextStyle) {
        guard row >= 0, row < rows else { return }
        var col = column
        for character in text {
            if col >= columns { break }
            let glyph: Character = DisplayWidth.isControl(character) ? " " : character
            let width = DisplayWidth.of(glyph)
            if width == 0 { continue }
            if col < 0 {
                // A wide character straddling the left edge leaves a blank in column 0.
                if col + width > 0 { setCell(row, 0, Cell(character: " ", style: style, continuation: false)) }
                col += width
                continue
            }
            if width == 2 && col + 1 >= columns {
                setCell(row, col, Cell(character: " ", style: style, continuation: false))
                break
            }
            setCell(row, col, Cell(character: glyph, style: style, continuation: false))
            if width == 2 { setCell(row, col + 1, Cell(character: " ", style: style, continuation: true)) }
            col += width
        }
    }

    public func fill(row: Int, column: Int, count: Int, character: Character, style: TextStyle) {
        guard count > 0, row >= 0, row < rows else { return }
        let width = DisplayWidth.of(character)
        guard width > 0 else { return }
        let run = FillRun(column: column, count: count, characterWidth: width, screenColumns: columns)
        put(String(repeating: String(character), count: run.count), row: row, column: run.column, style: style)
    }

    public func flush() {
        flushCount += 1
    }

    /// The text of `row`, wide characters once, trailing spaces trimmed.
    /// Rows outside the screen read as "".
    public func line(_ row: Int) -> String {
        guard row >= 0, row < rows else { return "" }
        var text = ""
        for cell in cells[row] where !cell.continuation { text.append(cell.character) }
        while text.last == " " { text.removeLast() }
        return text
    }

    /// All lines joined by "\n".
    public var text: String {
        (0..<rows).map { line($0) }.joined(separator: "\n")
    }

    /// The style of the cell at (row, column); `.normal` outside the screen.
    public func style(row: Int, column: Int) -> TextStyle {
        guard row >= 0, row < rows, column >= 0, column < columns else { return .normal }
        return cells[row][column].style
    }

    /// The character in a cell (a space for the right half of a wide character).
    public func character(row: Int, column: Int) -> Character {
        guard row >= 0, row < rows, column >= 0, column < columns else { return " " }
        return cells[row][column].character
    }

    /// Whether any line contains `s`.
    public func contains(_ s: String) -> Bool {
        for row in 0..<rows where line(row).contains(s) { return true }
        return false
    }

    /// The first (row, column) where `s` starts on a line, or nil. The column
    /// counts screen cells, so wide characters before it count twice.
    public func find(_ s: String) -> (row: Int, column: Int)? {
        for row in 0..<rows {
            let text = line(row)
            guard let range = text.range(of: s) else { continue }
            return (row, DisplayWidth.of(String(text[..<range.lowerBound])))
        }
        return nil
    }

    /// Changes the size, keeping what fits in the top-left corner.
    public func resize(rows newRows: Int, columns newColumns: Int) {
        let newRows = max(0, newRows)
        let newColumns = max(0, newColumns)
        var grid = Array(repeating: Array(repeating: Cell.blank, count: newColumns), count: newRows)
        for r in 0..<min(rows, newRows) {
            for c in 0..<min(columns, newColumns) { grid[r][c] = cells[r][c] }
            // A wide character cut in half by the new right edge becomes a blank.
            if newColumns > 0, newColumns < columns, cells[r][newColumns].continuation {
                grid[r][newColumns - 1] = .blank
            }
        }
        cells = grid
        rows = newRows
        columns = newColumns
    }

    /// Writes a cell, blanking the other half of any wide character it cuts.
    private func setCell(_ row: Int, _ col: Int, _ cell: Cell) {
        let old = cells[row][col]
        if old.continuation, !cell.continuation, col > 0 {
            cells[row][col - 1] = Cell(character: " ", style: cells[row][col - 1].style, continuation: false)
        }
        if !old.continuation, col + 1 < columns, cells[row][col + 1].continuation {
            cells[row][col + 1] = Cell(character: " ", style: cells[row][col + 1].style, continuation: false)
        }
        cells[row][col] = cell
    }
}
