import MarvelCore

/// How the Training pane draws its charts, changed with keys: the y range
/// fitted to the data after the first epochs or the full range (`f`), the loss
/// on a log scale (`l`), how compared runs line up (`a`), and which charts show
/// first when not all fit (`v`).
public struct TrainingChartOptions: Sendable, Equatable {
    /// Show every point, the epoch-1 spike included (off: the range fits the
    /// points after each line's first one and marks what it clips with ▲).
    public var fullRange = false
    /// The loss chart on a log scale.
    public var logLoss = false
    /// How compared runs line up; nil: by epoch when they have the same length, else by fraction.
    public var alignment: CompareAlignment?
    /// The chart shown first (the next ones follow, wrapping round).
    public var firstChart = 0

    public init() {}

    /// The alignment used for `runs` (the selected one first).
    func effectiveAlignment(_ runs: [RunHistory]) -> CompareAlignment {
        guard runs.count >= 2 else { return .epoch }
        if let alignment { return alignment }
        return Set(runs.map(TrainingAlignment.length)).count == 1 ? .epoch : .fraction
    }
}

/// How compared runs share the x axis.
public enum CompareAlignment: Sendable, Equatable {
    /// x is the share of each run's planned length (0–100 %): a 20-epoch and a
    /// 300-epoch run both span the chart.
    case fraction
    /// x is the true epoch (or round).
    case epoch

    var other: CompareAlignment { self == .fraction ? .epoch : .fraction }
}

/// Putting runs on a shared x axis: by epoch, or by fraction of their length.
enum TrainingAlignment {
    /// A run's length in epochs (or rounds): what it planned, else how far it got.
    static func length(_ run: RunHistory) -> Int {
        if let planned = run.plannedEpochs, planned > 0 { return planned }
        return max(1, run.epochs.last?.epoch ?? run.rounds.last?.round ?? 1)
    }

    /// `series` of `run` with x as a percentage of the run's length.
    static func byFraction(_ series: [ChartSeries], of run: RunHistory) -> [ChartSeries] {
        let length = Double(length(run))
        return series.map { s in
            var s = s
            s.points = s.points.map { ChartPoint(x: $0.x * 100 / length, y: $0.y) }
            return s
        }
    }

    /// The x axis of charts of `runs` aligned `alignment`: its range, unit and format.
    static func axis(_ runs: [RunHistory], alignment: CompareAlignment, unit: String)
        -> (range: ClosedRange<Double>?, name: String, format: ChartNumberFormat) {
        if alignment == .fraction { return (0...100, "of run", .percent) }
        let longest = runs.map(length).max() ?? 1
        return (longest > 1 ? 1...Double(longest) : nil, unit, .number)
    }
}
