/// Where the cursor of a table is and which row is at the top of its window.
/// Movement skips heading rows; the window scrolls so the selection stays
/// visible (and shows the heading right above it when there is room).
public struct TableState: Sendable, Hashable {
    /// Index into the table's rows of the selected (data) row; `nil` when there is none.
    public var selection: Int?
    /// Index of the first row shown.
    public var offset: Int

    public init(selection: Int? = nil, offset: Int = 0) {
        self.selection = selection
        self.offset = offset
    }

    /// Puts the selection on a selectable row: keeps it, or moves to the
    /// nearest selectable row, or clears it when there is none.
    public mutating func clamp(to rows: [TableRow]) {
        let selectable = rows.indices.filter { rows[$0].isSelectable }
        guard let first = selectable.first else {
            selection = nil
            offset = 0
            return
        }
        guard let current = selection else {
            selection = first
            return
        }
        if rows.indices.contains(current), rows[current].isSelectable { return }
        selection = selectable.min(by: { abs($0 - current) < abs($1 - current) }) ?? first
    }

    /// Moves `steps` selectable rows down (positive) or up (negative), stopping at the ends.
    public mutating func move(by steps: Int, in rows: [TableRow]) {
        let selectable = rows.indices.filter { rows[$0].isSelectable }
        guard !selectable.isEmpty else { selection = nil; return }
        let position = selection.flatMap { selectable.firstIndex(of: $0) } ?? 0
        let target = min(max(position + steps, 0), selectable.count - 1)
        selection = selectable[target]
    }

    /// Selects the first selectable row.
    public mutating func moveToFirst(in rows: [TableRow]) {
        selection = rows.indices.first { rows[$0].isSelectable }
        offset = 0
    }

    /// Selects the last selectable row.
    public mutating func moveToLast(in rows: [TableRow]) {
        selection = rows.indices.last { rows[$0].isSelectable }
    }

    /// Whether `key` moves a table's selection: j/k or arrows, PgUp/PgDn or Ctrl-B/F,
    /// Home/End or g/G — the same keys in every pane.
    public static func isNavigationKey(_ key: Key) -> Bool {
        switch key {
        case .down, .up, .pageDown, .pageUp, .home, .end, .char("j"), .char("k"), .char("g"), .char("G"),
             .ctrl("f"), .ctrl("b"):
            return true
        default:
            return false
        }
    }

    /// Moves the selection for a navigation key (see `isNavigationKey`); a page is `page` rows.
    public mutating func navigate(_ key: Key, in rows: [TableRow], page: Int) {
        switch key {
        case .down, .char("j"): move(by: 1, in: rows)
        case .up, .char("k"): move(by: -1, in: rows)
        case .pageDown, .ctrl("f"): move(by: max(1, page), in: rows)
        case .pageUp, .ctrl("b"): move(by: -max(1, page), in: rows)
        case .home, .char("g"): moveToFirst(in: rows)
        case .end, .char("G"): moveToLast(in: rows)
        default: break
        }
    }

    /// Scrolls so the selection is inside a window of `visibleRows` rows.
    /// With `rows`, a heading right above a selection at the top edge is brought into view too.
    public mutating func scrollToSelection(visibleRows: Int, rowCount: Int, rows: [TableRow]? = nil) {
        guard visibleRows > 0 else { offset = 0; return }
        offset = min(max(0, offset), max(0, rowCount - visibleRows))
        guard let sel = selection else { return }
        if sel < offset {
            offset = sel
        } else if sel >= offset + visibleRows {
            offset = sel - visibleRows + 1
        }
        if let rows, sel == offset, sel > 0, sel < rows.count, !rows[sel - 1].isSelectable, visibleRows >= 2 {
            offset = sel - 1
        }
    }
}
