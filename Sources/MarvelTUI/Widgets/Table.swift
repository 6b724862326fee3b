/// A table widget: a header row, then rows of cells or section headings,
/// scrolled so the selected row is visible and drawn highlighted.
public struct Table: Sendable {
    public var columns: [TableColumn]
    /// Set with `setRows`, which also measures the columns' content widths.
    public private(set) var rows: [TableRow]
    public var state: TableState
    /// The widest cell per column, measured when the rows are set.
    public private(set) var contentWidths: [Int]
    /// Spaces between columns.
    public var gap: Int

    public init(columns: [TableColumn], rows: [TableRow], state: TableState = TableState(), gap: Int = 1) {
        self.columns = columns
        self.rows = rows
        self.state = state
        self.gap = gap
        contentWidths = TableLayout.contentWidths(for: columns, rows: rows)
    }

    /// Replaces one row without re-measuring: for rows whose cells don't count
    /// toward column widths, such as section headings.
    public mutating func replaceRowKeepingWidths(at index: Int, with row: TableRow) {
        guard rows.indices.contains(index) else { return }
        rows[index] = row
    }

    /// Replaces every row and measures the content widths again.
    public mutating func setRows(_ newRows: [TableRow]) {
        rows = newRows
        contentWidths = TableLayout.contentWidths(for: columns, rows: newRows)
    }

    /// Draws the table into `rect`: the header on its first row, the rows below.
    /// Returns the column widths used (nil for dropped columns).
    @discardableResult
    public func render(in rect: Rect, on screen: any Screen) -> [Int?] {
        guard rect.height > 0, rect.width > 0 else { return [] }
        let widths = TableLayout.widths(for: columns, contentWidths: contentWidths, width: rect.width, gap: gap)
        let (headerRect, body) = rect.splitTop(1)
        drawHeader(widths: widths, in: headerRect, on: screen)

        var view = state
        view.scrollToSelection(visibleRows: body.height, rowCount: rows.count, rows: rows)
        for line in 0..<body.height {
            let index = view.offset + line
            let target = body.line(line)
            guard index < rows.count else { screen.blank(target); continue }
            switch rows[index] {
            case .heading(let text, let style):
                screen.draw(text, in: target, style: style, pad: true)
            case .fold(let text, let style):
                screen.draw(text, in: target, style: index == view.selection ? TextStyle(.selection, bold: true) : style, pad: true)
            case .data(let cells):
                drawCells(cells, widths: widths, selected: index == view.selection, in: target, on: screen)
            }
        }
        return widths
    }

    /// The rows `render` would show first for a window of `height` rows (header included).
    public func visibleRange(height: Int) -> Range<Int> {
        var view = state
        let bodyHeight = max(0, height - 1)
        view.scrollToSelection(visibleRows: bodyHeight, rowCount: rows.count, rows: rows)
        return view.offset..<min(rows.count, view.offset + bodyHeight)
    }

    private func drawHeader(widths: [Int?], in rect: Rect, on screen: any Screen) {
        let style = TextStyle(.header, bold: true)
        screen.blank(rect, style: style)
        var x = rect.column
        for (i, column) in columns.enumerated() {
            guard let w = widths[i] else { continue }
            screen.draw(column.title, row: rect.row, column: x, width: min(w, rect.right - x), style: style,
                        alignment: column.alignment)
            x += w + gap
        }
    }

    private func drawCells(_ cells: [TableCell], widths: [Int?], selected: Bool, in rect: Rect, on screen: any Screen) {
        let rowStyle = selected ? TextStyle(.selection) : TextStyle.normal
        screen.blank(rect, style: rowStyle)
        var x = rect.column
        for (i, column) in columns.enumerated() {
            guard let w = widths[i] else { continue }
            let width = min(w, rect.right - x)
            guard width > 0 else { break }
            let cell = i < cells.count ? cells[i] : .plain("")
            switch cell {
            case .text(let text, let style):
                screen.draw(text, row: rect.row, column: x, width: width, style: selected ? rowStyle : style,
                            alignment: column.alignment)
            case .choice(let texts, let style):
                let text = texts.first { DisplayWidth.of($0) <= width } ?? texts.last ?? ""
                screen.draw(text, row: rect.row, column: x, width: width, style: selected ? rowStyle : style,
                            alignment: column.alignment)
            case .bar(let percent):
                let label = Bar.label(percent: percent)
                let labelWidth = screen.draw(label, row: rect.row, column: x, width: width,
                                             style: selected ? rowStyle : TextStyle(Bar.role(forPercent: percent)))
                let barWidth = width - labelWidth - 1
                if barWidth > 0 {
                    Bar.draw(percent: percent, row: rect.row, column: x + labelWidth + 1, width: barWidth, on: screen)
                }
            case .usageBar(let requested, let used):
                UsageBar.draw(requested: requested, used: used, row: rect.row, column: x, width: width, selected: selected, on: screen)
            }
            x += w + gap
        }
    }
}
