/// The mouse on the Services pane: a click selects an instance; a click on the
/// selected one opens its detail as Enter does. The table fills the pane above
/// an error line, if any.
extension ServicesPane: RowClickable {
    public func clickableRow(atScreenRow screenRow: Int, in rect: Rect) -> Int? {
        guard case .list = view, services.fetchedAt != nil, !shown.isEmpty else { return nil }
        return table.rowIndex(atScreenRow: screenRow, in: listTableRect(in: rect))
    }

    public func isSelectedRow(_ index: Int) -> Bool { table.state.selection == index }

    public mutating func clickRow(_ index: Int, in rect: Rect, context: PaneContext) {
        table.selectClicked(index, in: listTableRect(in: rect))
        selected = table.state.selection.flatMap { shown.indices.contains($0) ? InstanceKey(shown[$0].instance) : nil }
    }

    /// Where `renderList` draws the table.
    private func listTableRect(in rect: Rect) -> Rect {
        rect.splitBottom(services.error == nil ? 0 : 1).rest
    }
}
