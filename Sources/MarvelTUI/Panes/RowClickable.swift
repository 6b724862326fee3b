/// A pane whose list rows the mouse can pick (`--mouse`): it says which row
/// is drawn at a screen row, and selects a row it is told was clicked. The
/// console turns a click on the selected row into Enter.
public protocol RowClickable: Pane {
    /// The row drawn at screen row `screenRow` when the pane is drawn into
    /// `rect`; nil on a header or blank line, and while a view, form or
    /// question covers the list.
    func clickableRow(atScreenRow screenRow: Int, in rect: Rect) -> Int?
    /// Whether row `index` is the selected one.
    func isSelectedRow(_ index: Int) -> Bool
    /// Acts on a click on row `index` of a list drawn into `rect`: selects it
    /// (a pane may give a heading its own meaning, as Nodes folds a layer).
    mutating func clickRow(_ index: Int, in rect: Rect, context: PaneContext)
}
