/// Decides which columns of a table are shown and how wide each is, for a
/// given total width. Columns are separated by `gap` spaces.
public enum TableLayout {
    /// One width per column; `nil` for a column dropped because space ran out.
    ///
    /// 1. While the minimum widths don't fit, drop the lowest-priority column
    ///    (the rightmost among equals).
    /// 2. Grow columns toward their content width, most important first.
    /// 3. Share what is left among the `fills` columns up to their maximum.
    public static func widths(for columns: [TableColumn], rows: [TableRow], width: Int, gap: Int = 1) -> [Int?] {
        widths(for: columns, contentWidths: contentWidths(for: columns, rows: rows), width: width, gap: gap)
    }

    /// The widest cell of each column, header included (measure once, lay out every frame).
    public static func contentWidths(for columns: [TableColumn], rows: [TableRow]) -> [Int] {
        var natural = columns.map { DisplayWidth.of($0.title) }
        for row in rows {
            guard case .data(let cells) = row else { continue }
            for (i, cell) in cells.enumerated() where i < natural.count {
                natural[i] = max(natural[i], cell.naturalWidth)
            }
        }
        return natural
    }

    /// Like `widths(for:rows:width:gap:)` with the content widths already measured.
    public static func widths(for columns: [TableColumn], contentWidths: [Int], width: Int, gap: Int = 1) -> [Int?] {
        guard !columns.isEmpty else { return [] }
        var visible = Array(repeating: true, count: columns.count)
        func used(_ w: [Int]) -> Int {
            var total = 0
            var count = 0
            for i in columns.indices where visible[i] {
                total += w[i]
                count += 1
            }
            return total + max(0, count - 1) * gap
        }
        var widths = columns.map(\.minWidth)
        while used(widths) > width {
            let candidates = columns.indices.filter { visible[$0] }
            guard candidates.count > 1 else { break }
            var drop = candidates[0]
            for i in candidates where columns[i].priority <= columns[drop].priority { drop = i }
            visible[drop] = false
        }

        // Content width per column, bounded by min/max.
        var natural = columns.indices.map { $0 < contentWidths.count ? contentWidths[$0] : columns[$0].minWidth }
        for i in columns.indices {
            natural[i] = max(columns[i].minWidth, min(natural[i], columns[i].maxWidth ?? Int.max))
        }

        var spare = width - used(widths)
        let byPriority = columns.indices.filter { visible[$0] }.sorted {
            columns[$0].priority != columns[$1].priority ? columns[$0].priority > columns[$1].priority : $0 < $1
        }
        for i in byPriority where spare > 0 {
            let grow = min(spare, natural[i] - widths[i])
            if grow > 0 {
                widths[i] += grow
                spare -= grow
            }
        }
        while spare > 0 {
            let growable = byPriority.filter { columns[$0].fills && widths[$0] < (columns[$0].maxWidth ?? Int.max) }
            guard !growable.isEmpty else { break }
            let share = max(1, spare / growable.count)
            for i in growable where spare > 0 {
                let grow = min(share, spare, (columns[i].maxWidth ?? Int.max) - widths[i])
                widths[i] += grow
                spare -= grow
            }
        }
        // A single remaining column that is still too wide is cut to fit.
        if used(widths) > width, let only = columns.indices.first(where: { visible[$0] }) {
            widths[only] = max(0, width)
        }
        return columns.indices.map { visible[$0] ? widths[$0] : nil }
    }
}
