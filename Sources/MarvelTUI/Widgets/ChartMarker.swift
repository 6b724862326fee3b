/// The point marker of a chart series, so series stay apart without colour
/// (NO_COLOR, monochrome themes): a shape, drawn filled for the selected run
/// and hollow for a compared one, with ASCII stand-ins for terminals without
/// UTF-8. The chart puts it on the line's points (spaced out) and always on
/// its last point, next to the line's name; the legend shows the same glyph.
public struct ChartMarker: Sendable, Hashable {
    /// Index into the shapes (wraps).
    public var shape: Int
    /// Hollow: the compared run's variant of the shape.
    public var hollow: Bool

    public init(shape: Int, hollow: Bool = false) {
        self.shape = shape
        self.hollow = hollow
    }

    /// Per shape: filled, hollow, ASCII filled, ASCII hollow. `▲`/`▼` are
    /// kept out: they mark points above or below the shown range.
    static let shapes: [(filled: String, hollow: String, asciiFilled: String, asciiHollow: String)] = [
        ("●", "○", "@", "o"), ("◆", "◇", "#", "="), ("■", "□", "%", "O"), ("★", "☆", "&", "~"), ("×", "+", "x", "+"),
    ]

    /// How many distinct shapes there are before they repeat.
    public static var shapeCount: Int { shapes.count }

    /// The glyph drawn on the terminal.
    public func glyph(unicode: Bool) -> String {
        let s = Self.shapes[((shape % Self.shapes.count) + Self.shapes.count) % Self.shapes.count]
        return unicode ? (hollow ? s.hollow : s.filled) : (hollow ? s.asciiHollow : s.asciiFilled)
    }
}
