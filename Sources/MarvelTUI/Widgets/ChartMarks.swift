/// A chart's lines drawn into its canvas, and what goes over them: each
/// series' marker on its points (spaced out, always on the last one), `▲` or
/// `▼` where a point lies above or below the shown range, and each series'
/// name right of its last point, moved up or down so names never overlap.
struct ChartMarks {
    /// A glyph over one plot cell.
    struct Mark {
        var glyph: String
        var style: TextStyle
        var owner: Int
    }

    /// A series' name and where its last point is (plot cells). A compared run's
    /// lines are named by their hollow markers and the legend instead.
    struct EndLabel {
        var text: String
        var row: Int
        var column: Int
        var style: TextStyle
        var owner: Int
    }

    /// Markers are at least this many cells apart along a line.
    static let spacing = 4

    let width: Int
    let height: Int
    private(set) var marks: [Int: Mark] = [:]
    private(set) var ends: [EndLabel] = []

    /// Draws `chart`'s lines into `canvas` and works out the marks over them.
    init(chart: LineChart, canvas: inout BrailleCanvas) {
        width = canvas.width
        height = canvas.height
        guard canvas.dotWidth > 0, canvas.dotHeight > 0 else { return }
        let (xs, ys) = chart.extents
        let xSpan = xs.upperBound - xs.lowerBound, ySpan = ys.upperBound - ys.lowerBound
        let maxX = Double(canvas.dotWidth - 1), maxY = Double(canvas.dotHeight - 1)
        let unicode = canvas.dotsAcross == 2
        // Faint (compared) series first, so the selected run's lines and marks win shared cells.
        let order = chart.series.indices.filter { chart.series[$0].faint } + chart.series.indices.filter { !chart.series[$0].faint }
        for index in order {
            let s = chart.series[index]
            let points: [(x: Double, y: Double)] = s.finitePoints.compactMap { p in
                guard let y = chart.scaled(p.y) else { return nil }
                return ((p.x - xs.lowerBound) / xSpan * maxX, (ys.upperBound - y) / ySpan * maxY)
            }
            guard let first = points.first else { continue }
            var phase = 0
            if points.count == 1, first.y >= 0, first.y <= maxY {
                canvas.set(x: Int(first.x.rounded()), y: Int(first.y.rounded()), role: s.role, faint: s.faint)
            }
            for (a, b) in zip(points, points.dropFirst()) {
                guard let (from, to) = Self.clip(a, b, maxY: maxY) else { continue }
                canvas.line(from: (Int(from.x.rounded()), Int(from.y.rounded())), to: (Int(to.x.rounded()), Int(to.y.rounded())),
                            role: s.role, faint: s.faint, dashed: s.faint && unicode, phase: &phase)
            }
            placeMarks(of: s, index: index, points: points, canvas: canvas, unicode: unicode)
        }
    }

    private mutating func placeMarks(of s: ChartSeries, index: Int, points: [(x: Double, y: Double)], canvas: BrailleCanvas,
                                     unicode: Bool) {
        let style = TextStyle(s.role, bold: !s.faint)
        let glyph = s.marker.glyph(unicode: unicode)
        var lastColumn: Int?
        for (i, p) in points.enumerated().reversed() {
            let column = min(width - 1, max(0, Int(p.x.rounded()) / canvas.dotsAcross))
            let dotY = Int(p.y.rounded())
            let isLast = i == points.count - 1
            let row = min(height - 1, max(0, dotY / canvas.dotsDown))
            if isLast, !s.name.isEmpty, s.legendGroup == nil {
                ends.append(EndLabel(text: s.name, row: row, column: column, style: style, owner: index))
            }
            if dotY < 0 || dotY >= canvas.dotHeight {
                // Outside the shown range: an arrow at the edge, unless a marker is there.
                let key = row * width + column
                if marks[key] == nil {
                    marks[key] = Mark(glyph: dotY < 0 ? (unicode ? "▲" : "^") : (unicode ? "▼" : "v"), style: style, owner: index)
                }
                continue
            }
            if !isLast, let lastColumn, lastColumn - column < Self.spacing { continue }
            let key = row * width + column
            if !isLast, let other = marks[key], other.owner != index { continue }
            marks[key] = Mark(glyph: glyph, style: style, owner: index)
            lastColumn = column
        }
    }

    /// The part of segment a–b with y inside 0...maxY, nil when none is.
    static func clip(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double), maxY: Double)
        -> (from: (x: Double, y: Double), to: (x: Double, y: Double))? {
        if (a.y < 0 && b.y < 0) || (a.y > maxY && b.y > maxY) { return nil }
        func clamped(_ p: (x: Double, y: Double)) -> (x: Double, y: Double) {
            let edge = p.y < 0 ? 0 : p.y > maxY ? maxY : p.y
            guard edge != p.y, b.y != a.y else { return p }
            let t = (edge - a.y) / (b.y - a.y)
            return (a.x + t * (b.x - a.x), edge)
        }
        return (clamped(a), clamped(b))
    }

    /// Draws the marks and the names over the plot at `plot`; names may use
    /// `nameColumns` columns right of it.
    func draw(in plot: Rect, nameColumns: Int, unicode: Bool, on screen: any Screen) {
        for (key, mark) in marks {
            screen.put(mark.glyph, row: plot.row + key / width, column: plot.column + key % width, style: mark.style)
        }
        let limit = plot.right + nameColumns
        var placed: [(row: Int, columns: ClosedRange<Int>)] = []
        for label in ends {
            let w = min(DisplayWidth.of(label.text), limit - plot.column)
            guard w > 0 else { continue }
            var start = plot.column + label.column + 1
            if start + w > limit { start = max(plot.column, limit - w) }
            let columns = start...(start + w - 1)
            func free(_ row: Int) -> Bool {
                guard row >= 0, row < plot.height else { return false }
                if placed.contains(where: { $0.row == row && $0.columns.overlaps((columns.lowerBound - 1)...(columns.upperBound + 1)) }) {
                    return false
                }
                return !columns.contains { c in
                    let local = c - plot.column
                    guard local >= 0, local < width, let mark = marks[row * width + local] else { return false }
                    return mark.owner != label.owner
                }
            }
            let candidates = [label.row] + (1..<max(1, plot.height)).flatMap { [label.row - $0, label.row + $0] }
            guard let row = candidates.first(where: free) else { continue }
            placed.append((row, columns))
            screen.draw(label.text, row: plot.row + row, column: start, width: w, style: label.style)
        }
    }
}
