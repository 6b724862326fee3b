/// A bar for what is requested and what is used, in one cell: the label
/// " 42%·67%" (requested·used), then a `Bar` filled to the requested share with
/// a mark (┃, or | in ASCII) where the used share lies, coloured by its level.
public enum UsageBar {
    /// Columns of the label: "100%·100%" at most.
    public static let labelWidth = 9

    /// " 42%·67%", right-aligned to `labelWidth`.
    public static func label(requested: Double, used: Double) -> String {
        let text = "\(whole(requested))%·\(whole(used))%"
        return String(repeating: " ", count: max(0, labelWidth - DisplayWidth.of(text))) + text
    }

    /// The cell of the used mark in a bar `width` cells wide.
    public static func markColumn(used: Double, width: Int) -> Int {
        let p = used.isFinite ? min(max(used, 0), 100) : 0
        return min(width - 1, Int(p / 100 * Double(width)))
    }

    /// Draws label, bar and mark into `width` cells at (row, column).
    public static func draw(requested: Double, used: Double, row: Int, column: Int, width: Int, selected: Bool, on screen: any Screen) {
        let text = label(requested: requested, used: used)
        let labelStyle = selected ? TextStyle(.selection) : TextStyle(Bar.role(forPercent: max(requested, used)))
        let labelWidth = screen.draw(text, row: row, column: column, width: width, style: labelStyle)
        let barWidth = width - labelWidth - 1
        guard barWidth > 0 else { return }
        let start = column + labelWidth + 1
        Bar.draw(percent: requested, row: row, column: start, width: barWidth, on: screen)
        let mark = screen.unicode ? "┃" : "|"
        screen.put(mark, row: row, column: start + markColumn(used: used, width: barWidth), style: TextStyle(Bar.role(forPercent: used), bold: true))
    }

    private static func whole(_ p: Double) -> Int { Int((p.isFinite ? max(p, 0) : 0).rounded()) }
}
