/// Which row of a table a screen row shows: the mouse's way into a table.
/// It lays the window out as `render` does, so a click lands on the row drawn
/// under the pointer whatever the scrolling.
extension Table {
    /// The index of the row that `render(in: rect, …)` draws at `screenRow`
    /// (a heading included); nil for the header row and for lines past the last row.
    public func rowIndex(atScreenRow screenRow: Int, in rect: Rect) -> Int? {
        let line = screenRow - rect.row - 1
        guard line >= 0, screenRow < rect.bottom else { return nil }
        let shown = visibleRange(height: rect.height)
        let index = shown.lowerBound + line
        return shown.contains(index) ? index : nil
    }

    /// Selects row `index` as clicked in a table drawn into `rect`: the window
    /// stays where it was drawn, so the rows do not jump under the pointer.
    public mutating func selectClicked(_ index: Int, in rect: Rect) {
        guard rows.indices.contains(index), rows[index].isSelectable else { return }
        state.offset = visibleRange(height: rect.height).lowerBound
        state.selection = index
    }
}
