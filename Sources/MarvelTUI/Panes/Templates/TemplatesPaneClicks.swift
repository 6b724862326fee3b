/// The mouse on the Templates pane: a click selects a template; a click on the
/// selected one opens its deploy form as Enter does.
extension TemplatesPane: RowClickable {
    public func clickableRow(atScreenRow screenRow: Int, in rect: Rect) -> Int? {
        guard flow == nil, problemsViewer == nil, let catalog else { return nil }
        return table.rowIndex(atScreenRow: screenRow, in: rect.splitBottom(catalog.problems.isEmpty ? 0 : 1).rest)
    }

    public func isSelectedRow(_ index: Int) -> Bool { table.state.selection == index }

    public mutating func clickRow(_ index: Int, in rect: Rect, context: PaneContext) {
        guard let catalog else { return }
        table.selectClicked(index, in: rect.splitBottom(catalog.problems.isEmpty ? 0 : 1).rest)
    }
}
