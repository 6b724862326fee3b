/// The Training pane's charts in a grid: as many as fit (at least
/// `minChartHeight` rows each, one to three columns), every cell the same
/// size, and every chart given the same y-label width, name margin and x
/// range, so their plot areas line up column for column. A view that adds
/// charts (per-layer filters, …) hands them here and gets the same layout.
enum TrainingChartGrid {
    /// Fewer rows than this leave a chart no room for a curve.
    static let minChartHeight = 7

    static func columns(for rect: Rect) -> Int { rect.width >= 180 ? 3 : rect.width >= 64 ? 2 : 1 }

    /// How many charts fit in `rect`.
    static func capacity(in rect: Rect) -> Int {
        guard !rect.isEmpty else { return 0 }
        return columns(for: rect) * max(1, rect.height / minChartHeight)
    }

    /// The cells of `count` charts in `rect`, row by row.
    static func areas(in rect: Rect, count: Int) -> [Rect] {
        guard count > 0, !rect.isEmpty else { return [] }
        let columns = min(columns(for: rect), count)
        let rowCount = max(1, min((count + columns - 1) / columns, rect.height / minChartHeight))
        let height = rect.height / rowCount
        let width = (rect.width - (columns - 1)) / columns
        var areas: [Rect] = []
        for r in 0..<rowCount {
            for c in 0..<columns {
                areas.append(Rect(row: rect.row + r * height, column: rect.column + c * (width + 1), height: height, width: width))
            }
        }
        return Array(areas.prefix(count))
    }

    /// `charts` with one y-label width, one name margin and one x range, and their
    /// legends under the plots when one of them needs it (charts `width` wide).
    static func aligned(_ charts: [LineChart], width: Int? = nil, unicode: Bool = true) -> [LineChart] {
        guard let first = charts.first else { return charts }
        let axisWidth = charts.map(\.naturalAxisWidth).max() ?? 1
        let nameWidth = charts.map(\.naturalNameWidth).max() ?? 0
        let xs = charts.map(\.extents.x)
        let x = (xs.map(\.lowerBound).min() ?? first.extents.x.lowerBound)...(xs.map(\.upperBound).max() ?? first.extents.x.upperBound)
        let below = width.map { w in charts.contains { !$0.legendFitsBesideTitle(width: w, unicode: unicode) } } ?? false
        return charts.map { chart in
            var chart = chart
            chart.legendBelow = below
            chart.axisWidth = axisWidth
            chart.nameWidth = nameWidth
            chart.xRange = x
            return chart
        }
    }

    /// Draws `charts` from number `first` on (wrapping round) as far as they fit;
    /// returns how many are shown.
    @discardableResult
    static func draw(_ charts: [LineChart], first: Int = 0, in rect: Rect, on screen: any Screen) -> Int {
        guard !charts.isEmpty else { return 0 }
        let shownCount = min(charts.count, capacity(in: rect))
        let start = ((first % charts.count) + charts.count) % charts.count
        let cells = areas(in: rect, count: shownCount)
        let shown = aligned((0..<shownCount).map { charts[(start + $0) % charts.count] }, width: cells.first?.width, unicode: screen.unicode)
        for (chart, area) in zip(shown, cells) { chart.render(in: area, on: screen) }
        return shownCount
    }
}
