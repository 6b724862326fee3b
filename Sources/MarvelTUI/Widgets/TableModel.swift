/// One column of a table: its header, how wide it may be, how its text is
/// aligned, and how important it is. When the table is too narrow, columns
/// with the lowest `priority` are dropped first.
public struct TableColumn: Sendable, Hashable {
    public var title: String
    public var minWidth: Int
    /// Upper bound on the width; `nil` lets the column take what it needs.
    public var maxWidth: Int?
    public var alignment: TextAlignment
    public var priority: Int
    /// Takes a share of space left over once every column fits its content.
    public var fills: Bool

    public init(_ title: String, minWidth: Int, maxWidth: Int? = nil, alignment: TextAlignment = .left,
                priority: Int = 50, fills: Bool = false) {
        self.title = title
        self.minWidth = max(1, minWidth)
        self.maxWidth = maxWidth.map { max($0, max(1, minWidth)) }
        self.alignment = alignment
        self.priority = priority
        self.fills = fills
    }
}

/// The content of one table cell.
public enum TableCell: Sendable, Hashable {
    /// Text in a style.
    case text(String, TextStyle)
    /// A percentage: a label such as " 42%" followed by a bar in the rest of the cell.
    case bar(percent: Double)
    /// The same content in several lengths, longest first: the first that fits the
    /// column is drawn (the last, cut, when none does). Keeps a narrow column useful.
    case choice([String], TextStyle)
    /// Requested and used percentages: a label " 42%·67%", a bar filled to the requested
    /// share and a mark where the used share lies (one bar, two marks).
    case usageBar(requested: Double, used: Double)

    public static func plain(_ text: String) -> TableCell { .text(text, .normal) }

    /// The columns this cell would like.
    public var naturalWidth: Int {
        switch self {
        case .text(let s, _):
            // Printable ASCII takes one column a byte; only other text needs the grapheme walk.
            var ascii = true
            for byte in s.utf8 where byte < 0x20 || byte >= 0x7F {
                ascii = false
                break
            }
            return ascii ? s.utf8.count : DisplayWidth.of(s)
        case .choice(let texts, _): return texts.map { TableCell.text($0, .normal).naturalWidth }.max() ?? 0
        case .bar: return 4 + 1 + 10
        case .usageBar: return UsageBar.labelWidth + 1 + 10
        }
    }
}

/// A table row: a section heading spanning the table (not selectable), a
/// folded section's heading (selectable, so the cursor can rest on it to
/// unfold it), or a row of cells, one per column.
public enum TableRow: Sendable, Hashable {
    case heading(String, TextStyle)
    case fold(String, TextStyle)
    case data([TableCell])

    public var isSelectable: Bool {
        switch self {
        case .data, .fold: return true
        case .heading: return false
        }
    }
}
