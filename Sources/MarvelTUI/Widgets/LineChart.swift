/// A line chart in a rectangle: a title with a legend, a y axis with its
/// max and min labels, a braille plot (ASCII `*`/`.` without UTF-8), and an
/// x axis with its first and last values. Shrinks to what fits.
public struct LineChart: Sendable {
    public var title: String
    public var series: [ChartSeries]
    public var yFormat: ChartNumberFormat
    /// The x axis name shown under the axis when there is room ("epoch").
    public var xName: String
    /// Fixed ranges; nil takes the data's extent.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?

    public init(title: String, series: [ChartSeries], yFormat: ChartNumberFormat = .number, xName: String = "epoch",
                xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil) {
        self.title = title
        self.series = series
        self.yFormat = yFormat
        self.xName = xName
        self.xRange = xRange
        self.yRange = yRange
    }

    /// The x and y extents drawn: the fixed ranges, widened to the data, never empty.
    public var extents: (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        let points = series.flatMap(\.finitePoints)
        func extent(_ values: [Double], fixed: ClosedRange<Double>?) -> ClosedRange<Double> {
            var lo = fixed?.lowerBound ?? values.min() ?? 0
            var hi = fixed?.upperBound ?? values.max() ?? 1
            if let m = values.min() { lo = min(lo, m) }
            if let m = values.max() { hi = max(hi, m) }
            if hi - lo < 1e-12 {
                let pad = max(abs(hi) * 0.05, 1e-6)
                if lo - pad >= 0 || lo < 0 { lo -= pad }
                hi += pad
            }
            return lo...hi
        }
        return (extent(points.map(\.x), fixed: xRange), extent(points.map(\.y), fixed: yRange))
    }

    /// The y axis labels (top, bottom) as drawn.
    public var yLabels: (max: String, min: String) {
        let y = extents.y
        let span = y.upperBound - y.lowerBound
        return (yFormat.label(y.upperBound, span: span), yFormat.label(y.lowerBound, span: span))
    }

    /// The x axis labels (first, last) as drawn.
    public var xLabels: (first: String, last: String) {
        let x = extents.x
        let span = x.upperBound - x.lowerBound
        return (ChartNumberFormat.number.label(x.lowerBound, span: span), ChartNumberFormat.number.label(x.upperBound, span: span))
    }

    public func render(in rect: Rect, on screen: any Screen) {
        screen.blank(rect)
        guard rect.height > 0, rect.width > 0 else { return }
        let titleWidth = screen.draw(title, in: rect.line(0), style: TextStyle(.title, bold: true))
        var legend = legendLine(unicode: screen.unicode)
        let legendWidth = DisplayWidth.of(screen.unicode ? legend.plainText : ASCIIFallback.convert(legend.plainText))
        var body = rect.splitTop(1).rest
        if titleWidth + 2 + legendWidth <= rect.width {
            screen.draw(legend, row: rect.row, column: rect.column + titleWidth + 2, width: rect.width - titleWidth - 2)
            legend = .empty
        } else if body.height >= 5 {
            let split = body.splitBottom(1)
            body = split.rest
            screen.draw(legend, row: split.bottom.row, column: split.bottom.column, width: split.bottom.width)
        }
        guard body.height >= 2, body.width >= 8 else { return }
        drawPlot(in: body, on: screen)
    }

    private func legendLine(unicode: Bool) -> StyledLine {
        var spans: [StyledSpan] = []
        for s in series where !s.name.isEmpty {
            if !spans.isEmpty { spans.append(StyledSpan(" ")) }
            let marker = unicode ? (s.faint ? "⠤⠀⠤" : "⠤⠤⠤") : (s.faint ? "..." : "***")
            spans.append(StyledSpan(marker, TextStyle(s.role, bold: !s.faint)))
            spans.append(StyledSpan(" " + s.name, TextStyle(s.faint ? .dim : .normal)))
        }
        return StyledLine(spans)
    }

    private func drawPlot(in area: Rect, on screen: any Screen) {
        let (plotRows, axisRow) = area.splitBottom(1)
        let labels = yLabels
        let labelWidth = min(max(DisplayWidth.of(labels.max), DisplayWidth.of(labels.min)), max(1, area.width / 3))
        let unicode = screen.unicode
        let axisColumn = area.column + labelWidth
        let plot = Rect(row: plotRows.row, column: axisColumn + 1, height: plotRows.height, width: area.right - axisColumn - 1)
        let axisStyle = TextStyle(.border)
        for r in 0..<plotRows.height {
            let tick = r == 0 || r == plotRows.height - 1
            screen.put(unicode ? (tick ? "┤" : "│") : (tick ? "+" : "|"), row: plotRows.row + r, column: axisColumn, style: axisStyle)
        }
        screen.draw(labels.max, row: plotRows.row, column: area.column, width: labelWidth, style: TextStyle(.dim), alignment: .right)
        if plotRows.height > 1 {
            screen.draw(labels.min, row: plotRows.bottom - 1, column: area.column, width: labelWidth, style: TextStyle(.dim),
                        alignment: .right)
        }
        drawXAxis(row: axisRow.row, axisColumn: axisColumn, plotWidth: plot.width, labelWidth: labelWidth, unicode: unicode,
                  on: screen)
        guard plot.width > 0, plot.height > 0 else { return }
        if series.allSatisfy({ $0.finitePoints.isEmpty }) {
            screen.draw("no data yet", in: plot.line(plot.height / 2), style: TextStyle(.dim), alignment: .center)
            return
        }
        canvas(width: plot.width, height: plot.height, unicode: unicode).draw(row: plot.row, column: plot.column, on: screen)
    }

    private func drawXAxis(row: Int, axisColumn: Int, plotWidth: Int, labelWidth: Int, unicode: Bool, on screen: any Screen) {
        let style = TextStyle(.border)
        screen.put(unicode ? "└" : "+", row: row, column: axisColumn, style: style)
        screen.fill(row: row, column: axisColumn + 1, count: plotWidth, character: unicode ? "─" : "-", style: style)
        let x = xLabels
        let dim = TextStyle(.dim)
        let first = DisplayWidth.of(x.first), last = DisplayWidth.of(x.last)
        screen.draw(x.first, row: row, column: axisColumn + 1, width: plotWidth, style: dim)
        if first + last + 1 <= plotWidth {
            screen.draw(x.last, row: row, column: axisColumn + 1 + plotWidth - last, width: last, style: dim)
        }
        let name = " \(xName) "
        let nameWidth = DisplayWidth.of(name)
        if !xName.isEmpty, first + last + nameWidth + 2 <= plotWidth {
            screen.draw(name, row: row, column: axisColumn + 1 + (plotWidth - nameWidth) / 2, width: nameWidth, style: dim)
        }
    }

    /// The plotted dots for a plot area of `width` x `height` cells.
    public func canvas(width: Int, height: Int, unicode: Bool) -> BrailleCanvas {
        var canvas = BrailleCanvas(width: width, height: height, unicode: unicode)
        let (xs, ys) = extents
        let xSpan = xs.upperBound - xs.lowerBound, ySpan = ys.upperBound - ys.lowerBound
        func dot(_ p: ChartPoint) -> (x: Int, y: Int) {
            let fx = (p.x - xs.lowerBound) / xSpan, fy = (ys.upperBound - p.y) / ySpan
            return (Int((fx * Double(canvas.dotWidth - 1)).rounded()), Int((fy * Double(canvas.dotHeight - 1)).rounded()))
        }
        // Faint (compared) series first, so the selected run's colours win shared cells.
        for s in series.filter(\.faint) + series.filter({ !$0.faint }) {
            let points = s.finitePoints.map(dot)
            var phase = 0
            guard var previous = points.first else { continue }
            canvas.set(x: previous.x, y: previous.y, role: s.role, faint: s.faint)
            for p in points.dropFirst() {
                canvas.line(from: previous, to: p, role: s.role, faint: s.faint, dashed: s.faint && unicode, phase: &phase)
                previous = p
            }
        }
        return canvas
    }
}
