/// A semantic style: what a piece of text *is*. Themes map roles to colours
/// and attributes; widgets and panes only ever name roles.
public enum StyleRole: String, Sendable, CaseIterable, Hashable {
    case normal, title, tab, tabActive, border, header, selection
    case statusOK = "status.ok", statusWarn = "status.warn", statusError = "status.error", statusPending = "status.pending"
    case layerEdge = "layer.edge", layerFog = "layer.fog", layerCloud = "layer.cloud", layerUnassigned = "layer.unassigned"
    case series1 = "chart.series1", series2 = "chart.series2", series3 = "chart.series3", series4 = "chart.series4"
    case dim, keyHint = "keyhint", flash, barFill = "bar.fill", barEmpty = "bar.empty"
}

/// A style for a run of text: a role plus optional extra emphasis.
public struct TextStyle: Sendable, Hashable {
    public var role: StyleRole
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(_ role: StyleRole = .normal, bold: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
    }

    public static let normal = TextStyle()
}

/// A drawing surface of `rows` x `columns` character cells. Coordinates are
/// 0-based; text past either edge is clipped; a cell holds one character
/// and a wide one (CJK, emoji; see `DisplayWidth`) takes two cells;
/// control characters show as spaces. The curses backend draws to the terminal; the
/// in-memory backend keeps the cells so tests can read them.
public protocol Screen: AnyObject {
    var rows: Int { get }
    var columns: Int { get }
    /// True when the terminal can show UTF-8 (braille, box drawing, block bars).
    var unicode: Bool { get }
    /// Clears every cell to a space in the normal style.
    func clear()
    /// Writes `text` from (row, column), clipped at the right edge.
    func put(_ text: String, row: Int, column: Int, style: TextStyle)
    /// Fills `count` cells from (row, column) with `character`.
    func fill(row: Int, column: Int, count: Int, character: Character, style: TextStyle)
    /// Shows what was drawn since the last flush.
    func flush()
}
