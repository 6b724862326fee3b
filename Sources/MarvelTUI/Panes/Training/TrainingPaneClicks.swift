/// The mouse on the Training pane: a click on the runs table (the top of the
/// pane) selects a run, whose charts then show below.
extension TrainingPane: RowClickable {
    public func clickableRow(atScreenRow screenRow: Int, in rect: Rect) -> Int? {
        guard !allRuns.isEmpty, !showsEpochTable else { return nil }
        return table.rowIndex(atScreenRow: screenRow, in: runTableRect(in: rect))
    }

    public func isSelectedRow(_ index: Int) -> Bool { table.state.selection == index }

    public mutating func clickRow(_ index: Int, in rect: Rect, context: PaneContext) {
        table.selectClicked(index, in: runTableRect(in: rect))
        selectedID = table.state.selection.flatMap { runs.indices.contains($0) ? runs[$0].id : nil }
    }

    /// Where the runs table goes: a line per run under its header, at most a quarter of the pane.
    func runTableRect(in rect: Rect) -> Rect {
        rect.splitTop(min(max(2, runs.count + 1), max(3, rect.height / 4))).top
    }
}
