import Foundation

/// A line chart in a rectangle: a title with a legend, a y axis with labelled
/// ticks, a braille plot (ASCII `*`/`.` without UTF-8) with each series'
/// marker on its points and its name right of its last point, and an x axis
/// with labelled ticks and its unit. Readable without colour: every series
/// has its own marker, shown in the legend too. Shrinks to what fits.
public struct LineChart: Sendable {
    public var title: String
    public var series: [ChartSeries]
    public var yFormat: ChartNumberFormat
    /// The x axis unit, shown right of the axis ("epoch", "round", "% of run").
    public var xName: String
    public var xFormat: ChartNumberFormat
    /// Fixed ranges; nil takes the data's extent.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public var yScale: ChartScale
    public var yFit: ChartYFit
    /// Columns of the y labels left of the axis; nil: what this chart's labels need.
    /// Charts side by side get the same, so their plots line up.
    public var axisWidth: Int?
    /// Columns right of the plot for the lines' names and the x unit; nil: what they need.
    public var nameWidth: Int?
    /// Put the legend on its own row under the plot even when it fits beside the
    /// title (charts side by side do the same, so their plots start on one row).
    public var legendBelow = false

    public init(title: String, series: [ChartSeries], yFormat: ChartNumberFormat = .number, xName: String = "epoch",
                xFormat: ChartNumberFormat = .number, xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
                yScale: ChartScale = .linear, yFit: ChartYFit = .full) {
        self.title = title
        self.series = series
        self.yFormat = yFormat
        self.xName = xName
        self.xFormat = xFormat
        self.xRange = xRange
        self.yRange = yRange
        self.yScale = yScale
        self.yFit = yFit
    }

    /// The widest name right of the plot.
    static let maxNameWidth = 8

    /// `y` as placed on the axis: its log10 on a log scale (nil for values ≤ 0 there).
    func scaled(_ y: Double) -> Double? {
        guard y.isFinite else { return nil }
        guard yScale == .log else { return y }
        return y > 0 ? log10(y) : nil
    }

    func unscaled(_ v: Double) -> Double { yScale == .log ? pow(10, v) : v }

    /// The y values (scaled) that set the range: see `ChartYFit`.
    var rangeValues: [Double] {
        let all = series.flatMap { $0.finitePoints.compactMap { scaled($0.y) } }
        guard yFit == .afterFirst else { return all }
        let trimmed = series.flatMap { s -> [Double] in
            let points = s.finitePoints
            return (points.count >= 3 ? Array(points.dropFirst()) : points).compactMap { scaled($0.y) }
        }
        return trimmed.isEmpty ? all : trimmed
    }

    /// The x and y extents drawn (y on the chart's scale): the fixed ranges widened
    /// to the data, y rounded out to a tick step, never empty.
    public var extents: (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        let xs = series.flatMap(\.finitePoints).map(\.x)
        let x = Self.extent(xs, fixed: xRange)
        let fixedY = yRange.flatMap { r -> ClosedRange<Double>? in
            guard let lo = scaled(r.lowerBound), let hi = scaled(r.upperBound), lo <= hi else { return nil }
            return lo...hi
        }
        let values = rangeValues
        var y = Self.extent(values, fixed: fixedY)
        if yScale == .linear {
            y = ChartTicks.rounded(y, step: tickStep(y.upperBound - y.lowerBound, count: 4))
            if let m = values.min(), m >= 0, y.lowerBound < 0 { y = 0...y.upperBound }
        }
        return (x, y)
    }

    static func extent(_ values: [Double], fixed: ClosedRange<Double>?) -> ClosedRange<Double> {
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

    /// The y axis labels (top, bottom) as drawn.
    public var yLabels: (max: String, min: String) {
        let y = extents.y
        let top = unscaled(y.upperBound), bottom = unscaled(y.lowerBound)
        return (yFormat.label(top, span: top - bottom), yFormat.label(bottom, span: top - bottom))
    }

    /// A nice y step: in the binary unit of the span for bytes (so memory reads 64MiB, 96MiB).
    func tickStep(_ span: Double, count: Int) -> Double {
        guard yFormat == .bytes, span >= 1024 else { return ChartTicks.niceStep(span, count: count) }
        var unit = 1.0
        while span / unit >= 1024 * 4 { unit *= 1024 }
        return ChartTicks.niceStep(span / unit, count: count) * unit
    }

    /// The y tick values (in data units, top first) a plot of `rows` rows can label.
    func yTicks(rows: Int) -> [Double] {
        let y = extents.y
        let span = y.upperBound - y.lowerBound
        let inner = yScale == .log
            ? ChartTicks.multiples(of: 1, in: y)
            : ChartTicks.multiples(of: tickStep(span, count: max(1, min(4, rows / 2))), in: y)
        return ([y.upperBound] + inner.reversed() + [y.lowerBound]).map(unscaled)
    }

    /// The x axis labels (first, last) as drawn.
    public var xLabels: (first: String, last: String) {
        let x = extents.x
        let span = x.upperBound - x.lowerBound
        return (xFormat.label(x.lowerBound, span: span), xFormat.label(x.upperBound, span: span))
    }

    /// Columns the y labels need.
    public var naturalAxisWidth: Int {
        let y = extents
        let span = unscaled(y.y.upperBound) - unscaled(y.y.lowerBound)
        return yTicks(rows: 8).map { DisplayWidth.of(yFormat.label($0, span: span)) }.max() ?? 1
    }

    /// Columns the names right of the plot need: the longest line name or the x unit, and a space.
    public var naturalNameWidth: Int {
        let names = series.filter { !$0.name.isEmpty && $0.legendGroup == nil && !$0.finitePoints.isEmpty }.map { DisplayWidth.of($0.name) }
        let widest = max(names.max() ?? 0, DisplayWidth.of(xName))
        return widest == 0 ? 0 : min(widest, Self.maxNameWidth) + 1
    }

    public func render(in rect: Rect, on screen: any Screen) {
        screen.blank(rect)
        guard rect.height > 0, rect.width > 0 else { return }
        let titleWidth = screen.draw(title, in: rect.line(0), style: TextStyle(.title, bold: true))
        var body = rect.splitTop(1).rest
        let unicode = screen.unicode
        if !legendBelow, let gap = legendGap(width: rect.width - titleWidth - 2, unicode: unicode) {
            screen.draw(legendLine(unicode: unicode, gap: gap), row: rect.row, column: rect.column + titleWidth + 2,
                        width: rect.width - titleWidth - 2)
        } else if body.height >= 5 {
            let split = body.splitBottom(1)
            body = split.rest
            let gap = legendGap(width: rect.width, unicode: unicode) ?? " "
            screen.draw(legendLine(unicode: unicode, gap: gap), row: split.bottom.row, column: split.bottom.column, width: split.bottom.width)
        }
        guard body.height >= 2, body.width >= 8 else { return }
        drawPlot(in: body, on: screen)
    }

    /// Whether the legend fits on the title row of a chart `width` columns wide.
    public func legendFitsBesideTitle(width: Int, unicode: Bool) -> Bool {
        let titleWidth = DisplayWidth.of(unicode ? title : ASCIIFallback.convert(title))
        return legendGap(width: width - titleWidth - 2, unicode: unicode) != nil
    }

    /// The gap between legend entries that lets the legend fit in `width` columns
    /// (two spaces, else one), nil when it does not fit either way.
    func legendGap(width: Int, unicode: Bool) -> String? {
        ["  ", " "].first { gap in
            let text = legendLine(unicode: unicode, gap: gap).plainText
            return DisplayWidth.of(unicode ? text : ASCIIFallback.convert(text)) <= width
        }
    }

    /// The legend: per series its marker and name; a group's series share one entry.
    func legendLine(unicode: Bool, gap: String = "  ") -> StyledLine {
        var spans: [StyledSpan] = []
        var groupsDone = Set<String>()
        for s in series where !s.name.isEmpty || s.legendGroup != nil {
            if let group = s.legendGroup {
                guard groupsDone.insert(group).inserted else { continue }
                if !spans.isEmpty { spans.append(StyledSpan(gap)) }
                for member in series where member.legendGroup == group {
                    spans.append(StyledSpan(member.marker.glyph(unicode: unicode), TextStyle(member.role, bold: !member.faint)))
                }
                spans.append(StyledSpan(" " + group, TextStyle(s.faint ? .dim : .normal)))
                continue
            }
            if !spans.isEmpty { spans.append(StyledSpan(gap)) }
            spans.append(StyledSpan(s.marker.glyph(unicode: unicode), TextStyle(s.role, bold: !s.faint)))
            spans.append(StyledSpan(" " + s.name, TextStyle(s.faint ? .dim : .normal)))
        }
        return StyledLine(spans)
    }

    /// Where the plot's parts go in `area` (the chart below its title).
    struct Layout {
        var labelWidth: Int
        var axisColumn: Int
        var plot: Rect
        var nameWidth: Int
        var axisRow: Int
    }

    func layout(in area: Rect) -> Layout {
        let (plotRows, axisRow) = area.splitBottom(1)
        let labelWidth = max(1, min(axisWidth ?? naturalAxisWidth, max(1, area.width / 3)))
        let axisColumn = area.column + labelWidth
        let names = max(0, min(nameWidth ?? naturalNameWidth, (area.right - axisColumn - 1) / 3))
        let plot = Rect(row: plotRows.row, column: axisColumn + 1, height: plotRows.height,
                        width: max(0, area.right - axisColumn - 1 - names))
        return Layout(labelWidth: labelWidth, axisColumn: axisColumn, plot: plot, nameWidth: names, axisRow: axisRow.row)
    }

    private func drawPlot(in area: Rect, on screen: any Screen) {
        let l = layout(in: area)
        let unicode = screen.unicode
        drawYAxis(l, on: screen)
        let plot = l.plot
        drawXAxis(l, unicode: unicode, on: screen)
        guard plot.width > 0, plot.height > 0 else { return }
        if series.allSatisfy({ $0.finitePoints.isEmpty }) {
            screen.draw("no data yet", in: plot.line(plot.height / 2), style: TextStyle(.dim), alignment: .center)
            return
        }
        var canvas = BrailleCanvas(width: plot.width, height: plot.height, unicode: unicode)
        let marks = ChartMarks(chart: self, canvas: &canvas)
        canvas.draw(row: plot.row, column: plot.column, on: screen)
        marks.draw(in: plot, nameColumns: l.nameWidth, unicode: unicode, on: screen)
    }

    private func drawYAxis(_ l: Layout, on screen: any Screen) {
        let unicode = screen.unicode
        let rows = l.plot.height
        let y = extents.y
        let span = y.upperBound - y.lowerBound
        let labelSpan = unscaled(y.upperBound) - unscaled(y.lowerBound)
        func row(_ value: Double) -> Int? {
            guard let v = scaled(value), rows > 0 else { return nil }
            return span > 0 ? Int(((y.upperBound - v) / span * Double(rows - 1)).rounded()) : 0
        }
        // The range's ends always; a tick between them when it keeps a row free on both sides.
        let ticks = yTicks(rows: rows)
        var labelled: [Int: String] = [:]
        for value in [ticks.first, ticks.last].compactMap({ $0 }) {
            if let r = row(value), labelled[r] == nil { labelled[r] = yFormat.label(value, span: labelSpan) }
        }
        for value in ticks.dropFirst().dropLast() {
            guard let r = row(value), labelled.keys.allSatisfy({ abs($0 - r) >= 2 }) else { continue }
            labelled[r] = yFormat.label(value, span: labelSpan)
        }
        for r in 0..<rows {
            let tick = labelled[r] != nil
            screen.put(unicode ? (tick ? "┤" : "│") : (tick ? "+" : "|"), row: l.plot.row + r, column: l.axisColumn, style: TextStyle(.border))
            if let text = labelled[r] {
                screen.draw(text, row: l.plot.row + r, column: l.axisColumn - l.labelWidth, width: l.labelWidth, style: TextStyle(.dim),
                            alignment: .right)
            }
        }
    }

    /// The x tick values a plot `width` cells wide labels, with their labels.
    func xTicks(width: Int) -> [(value: Double, label: String)] {
        let x = extents.x
        let span = x.upperBound - x.lowerBound
        let widest = max(DisplayWidth.of(xLabels.first), DisplayWidth.of(xLabels.last))
        var step = ChartTicks.niceStep(span, count: max(1, width / (widest + 3)))
        let integral = series.allSatisfy { $0.finitePoints.allSatisfy { $0.x == $0.x.rounded() } }
        if integral { step = max(1, step.rounded()) }
        let inner = ChartTicks.multiples(of: step, in: x).filter { $0 > x.lowerBound && $0 < x.upperBound }
        return ([x.lowerBound, x.upperBound] + inner).map { ($0, xFormat.label($0, span: span)) }
    }

    private func drawXAxis(_ l: Layout, unicode: Bool, on screen: any Screen) {
        let style = TextStyle(.border), dim = TextStyle(.dim)
        let plot = l.plot
        screen.put(unicode ? "└" : "+", row: l.axisRow, column: l.axisColumn, style: style)
        screen.fill(row: l.axisRow, column: plot.column, count: plot.width, character: unicode ? "─" : "-", style: style)
        guard plot.width > 0 else { return }
        let x = extents.x
        let xSpan = x.upperBound - x.lowerBound
        let dots = plot.width * (unicode ? 2 : 1)
        var taken: [ClosedRange<Int>] = []
        for (i, tick) in xTicks(width: plot.width).enumerated() {
            let w = DisplayWidth.of(tick.label)
            let dot = Int(((tick.value - x.lowerBound) / xSpan * Double(dots - 1)).rounded())
            let column = plot.column + dot / (unicode ? 2 : 1)
            var start = i == 0 ? column : i == 1 ? column - w + 1 : column - (w - 1) / 2
            start = max(plot.column, min(start, plot.right - w))
            let span = (start - 1)...(start + w)
            guard w <= plot.width, !taken.contains(where: { $0.overlaps(span) }) else { continue }
            taken.append(start...(start + w - 1))
            screen.draw(tick.label, row: l.axisRow, column: start, width: w, style: dim)
        }
        let unit = DisplayWidth.of(xName)
        if !xName.isEmpty, unit + 1 <= l.nameWidth {
            screen.draw(xName, row: l.axisRow, column: plot.right + 1, width: unit, style: dim)
        }
    }

    /// The plotted dots (lines only, without markers) for a plot area of `width` x `height` cells.
    public func canvas(width: Int, height: Int, unicode: Bool) -> BrailleCanvas {
        var canvas = BrailleCanvas(width: width, height: height, unicode: unicode)
        _ = ChartMarks(chart: self, canvas: &canvas)
        return canvas
    }
}
