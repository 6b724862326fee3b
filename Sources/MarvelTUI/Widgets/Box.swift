/// A border around a rectangle, with an optional title in the top edge:
/// Unicode box drawing (┌─┐│└┘) or ASCII (+-|).
public enum Box {
    /// The characters for one border style.
    struct Glyphs {
        let topLeft, topRight, bottomLeft, bottomRight, horizontal, vertical: Character
        static let unicode = Glyphs(topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
                                    horizontal: "─", vertical: "│")
        static let ascii = Glyphs(topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
                                  horizontal: "-", vertical: "|")
    }

    /// Draws the border on the outermost cells of `rect`, clears the inside
    /// when `clearInside` is set, and returns the inner rectangle.
    @discardableResult
    public static func draw(_ rect: Rect, title: String? = nil, style: TextStyle = TextStyle(.border),
                            titleStyle: TextStyle = TextStyle(.title, bold: true), clearInside: Bool = true,
                            on screen: any Screen) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(row: rect.row, column: rect.column, height: 0, width: 0) }
        let g = screen.unicode ? Glyphs.unicode : Glyphs.ascii
        let inner = rect.inset(by: 1)
        screen.put(String(g.topLeft), row: rect.row, column: rect.column, style: style)
        screen.fill(row: rect.row, column: rect.column + 1, count: rect.width - 2, character: g.horizontal, style: style)
        screen.put(String(g.topRight), row: rect.row, column: rect.right - 1, style: style)
        for r in (rect.row + 1)..<(rect.bottom - 1) {
            screen.put(String(g.vertical), row: r, column: rect.column, style: style)
            screen.put(String(g.vertical), row: r, column: rect.right - 1, style: style)
        }
        screen.put(String(g.bottomLeft), row: rect.bottom - 1, column: rect.column, style: style)
        screen.fill(row: rect.bottom - 1, column: rect.column + 1, count: rect.width - 2, character: g.horizontal, style: style)
        screen.put(String(g.bottomRight), row: rect.bottom - 1, column: rect.right - 1, style: style)
        if clearInside { screen.blank(inner) }
        if let title, !title.isEmpty, rect.width > 4 {
            screen.draw(" \(title) ", row: rect.row, column: rect.column + 2, width: rect.width - 4, style: titleStyle)
        }
        return inner
    }
}
