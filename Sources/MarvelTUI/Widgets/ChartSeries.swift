/// One line of a chart: a name (in the legend and at the line's end), points
/// in data units, a colour role, a point marker so it reads without colour,
/// and whether it is the faint (dashed) line of a compared run.
public struct ChartSeries: Sendable, Equatable {
    public var name: String
    public var points: [ChartPoint]
    public var role: StyleRole
    /// Drawn dashed in braille and with `.` in ASCII: for a compared run.
    public var faint: Bool
    /// The glyph on the line's points and in the legend.
    public var marker: ChartMarker
    /// Series sharing a group get one legend entry, their markers and the group's
    /// name ("○◇□ vs run-b"); nil: the series has its own entry.
    public var legendGroup: String?

    public init(name: String, points: [ChartPoint], role: StyleRole, faint: Bool = false, marker: ChartMarker? = nil,
                legendGroup: String? = nil) {
        self.name = name
        self.points = points
        self.role = role
        self.faint = faint
        self.marker = marker ?? ChartMarker(shape: ChartPalette.roles.firstIndex(of: role) ?? 0, hollow: faint)
        self.legendGroup = legendGroup
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
