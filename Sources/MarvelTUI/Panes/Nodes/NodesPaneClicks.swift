/// The mouse on the Nodes pane: a click on a node row selects the node, a
/// click on a layer's heading folds or unfolds the layer as Space does.
extension NodesPane: RowClickable {
    public func clickableRow(atScreenRow screenRow: Int, in rect: Rect) -> Int? {
        guard inventory != nil, !isSubViewOpen, dialog == nil else { return nil }
        return table.rowIndex(atScreenRow: screenRow, in: rect)
    }

    /// Only a node row counts as selected: a heading's click always folds.
    public func isSelectedRow(_ index: Int) -> Bool {
        table.state.selection == index && selectedName != nil
    }

    public mutating func clickRow(_ index: Int, in rect: Rect, context: PaneContext) {
        guard table.rows.indices.contains(index) else { return }
        let before = table.state
        table.state.offset = table.visibleRange(height: rect.height).lowerBound
        table.state.selection = index
        noteSelection()
        guard selectedName == nil else { return }
        // Not a node: a layer's heading (or a line under it) folds or unfolds that layer.
        guard rowLayers.indices.contains(index), rowLayers[index] != nil else {
            table.state = before
            noteSelection()
            return
        }
        _ = toggleFold(context: context)
    }
}
