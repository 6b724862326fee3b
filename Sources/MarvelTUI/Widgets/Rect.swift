/// A rectangle of character cells on a screen: `row`/`column` of the top-left
/// cell plus `height` rows and `width` columns. Layout helpers split it into
/// smaller rectangles; sizes never go negative.
public struct Rect: Sendable, Hashable, CustomStringConvertible {
    public var row: Int
    public var column: Int
    public var height: Int
    public var width: Int

    public init(row: Int, column: Int, height: Int, width: Int) {
        self.row = row
        self.column = column
        self.height = max(0, height)
        self.width = max(0, width)
    }

    /// The whole of a screen.
    public init(screen: any Screen) {
        self.init(row: 0, column: 0, height: screen.rows, width: screen.columns)
    }

    public var isEmpty: Bool { height == 0 || width == 0 }
    /// One past the last row.
    public var bottom: Int { row + height }
    /// One past the last column.
    public var right: Int { column + width }

    public var description: String { "\(width)x\(height)@\(row),\(column)" }

    /// Shrinks every side by `amount` cells.
    public func inset(by amount: Int) -> Rect {
        Rect(row: row + amount, column: column + amount, height: height - 2 * amount, width: width - 2 * amount)
    }

    /// Shrinks the left and right sides only.
    public func insetHorizontally(by amount: Int) -> Rect {
        Rect(row: row, column: column + amount, height: height, width: width - 2 * amount)
    }

    /// The top `count` rows, and what remains below them.
    public func splitTop(_ count: Int) -> (top: Rect, rest: Rect) {
        let n = min(max(0, count), height)
        return (Rect(row: row, column: column, height: n, width: width),
                Rect(row: row + n, column: column, height: height - n, width: width))
    }

    /// The bottom `count` rows, and what remains above them.
    public func splitBottom(_ count: Int) -> (rest: Rect, bottom: Rect) {
        let n = min(max(0, count), height)
        return (Rect(row: row, column: column, height: height - n, width: width),
                Rect(row: row + height - n, column: column, height: n, width: width))
    }

    /// The left `count` columns, and what remains to their right.
    public func splitLeft(_ count: Int) -> (left: Rect, rest: Rect) {
        let n = min(max(0, count), width)
        return (Rect(row: row, column: column, height: height, width: n),
                Rect(row: row, column: column + n, height: height, width: width - n))
    }

    /// A rectangle of at most `width` x `height` centred in this one.
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(max(0, w), width)
        let ch = min(max(0, h), height)
        return Rect(row: row + (height - ch) / 2, column: column + (width - cw) / 2, height: ch, width: cw)
    }

    /// The single row `index` (0-based inside this rectangle).
    public func line(_ index: Int) -> Rect {
        Rect(row: row + index, column: column, height: index >= 0 && index < height ? 1 : 0, width: width)
    }
}
