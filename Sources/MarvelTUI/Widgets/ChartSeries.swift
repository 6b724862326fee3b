/// One line of a chart: a name for the legend, points in data units, a
/// colour role, and whether it is the faint (dashed) comparison line.
public struct ChartSeries: Sendable, Equatable {
    public var name: String
    public var points: [ChartPoint]
    public var role: StyleRole
    /// Drawn dashed in braille and with `.` in ASCII: for a compared run.
    public var faint: Bool

    public init(name: String, points: [ChartPoint], role: StyleRole, faint: Bool = false) {
        self.name = name
        self.points = points
        self.role = role
        self.faint = faint
    }

    /// The points with finite coordinates.
    var finitePoints: [ChartPoint] { points.filter { $0.x.isFinite && $0.y.isFinite } }
}

/// A point of a chart series in data units.
public struct ChartPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// The chart series roles in legend order: the theme's four chart colours.
public enum ChartPalette {
    public static let roles: [StyleRole] = [.series1, .series2, .series3, .series4]

    /// The role of series number `index` (wrapping after four).
    public static func role(_ index: Int) -> StyleRole { roles[((index % roles.count) + roles.count) % roles.count] }
}
