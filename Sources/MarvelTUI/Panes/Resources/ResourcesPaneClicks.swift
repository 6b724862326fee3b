import Foundation

/// The mouse on a resource view: the view's title takes the body's first row,
/// the table (header, then rows) the rest above an error line, if any.
extension ResourcesPane: RowClickable {
    public func clickableRow(atScreenRow screenRow: Int, in rect: Rect) -> Int? {
        guard sub == nil, contexts != nil || query != nil, !shown.isEmpty else { return nil }
        return listTable().rowIndex(atScreenRow: screenRow, in: listTableRect(in: rect))
    }

    public func isSelectedRow(_ index: Int) -> Bool { tableState.selection == index }

    public mutating func clickRow(_ index: Int, in rect: Rect, context: PaneContext) {
        guard shown.indices.contains(index) else { return }
        var table = listTable()
        table.selectClicked(index, in: listTableRect(in: rect))
        tableState = table.state
        selectedKey = shown[index].key
    }

    /// Where `renderList` draws the table.
    func listTableRect(in rect: Rect) -> Rect {
        rect.splitTop(1).rest.splitBottom(data.error == nil ? 0 : 1).rest
    }

    /// The table as `renderList` lays it out (the cells do not matter to where rows go).
    private func listTable() -> Table {
        var table = Table(columns: [], rows: Array(repeating: TableRow.data([]), count: shown.count), state: tableState)
        table.state.clamp(to: table.rows)
        return table
    }
}
