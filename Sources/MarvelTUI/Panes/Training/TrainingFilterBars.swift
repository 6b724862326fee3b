import MarvelCore

/// The filters kept per gated layer of a convolutional run (its last epoch's `active` over
/// `active_initial`), one bar per layer: drawn beside the Training pane's charts.
struct TrainingFilterBars {
    /// (kept, initial) per gated layer.
    let layers: [(kept: Int, initial: Int)]

    /// The bars of `run`'s last epoch; nil for runs that do not report initial filters (MLPs).
    init?(_ run: RunHistory) {
        guard let last = run.epochs.last, let initial = last.activeInitial, !initial.isEmpty,
              initial.count == last.active.count else { return nil }
        layers = zip(last.active, initial).map { ($0, $1) }
    }

    /// Columns the bars want: label, bar and counts.
    static let width = 30

    /// Draws a title line and one line per layer (as many as fit; the last line says how
    /// many more there are when they do not).
    func draw(in rect: Rect, on screen: any Screen) {
        guard rect.height >= 2, rect.width >= 12 else { return }
        screen.draw("Filters kept per layer", in: rect.line(0), style: TextStyle(.header, bold: true))
        let rows = rect.height - 1
        let shown = layers.count <= rows ? layers.count : max(0, rows - 1)
        let countWidth = layers.map { "\($0.kept)/\($0.initial)".count }.max() ?? 3
        let labelWidth = String(layers.count).count + 1
        let barWidth = max(1, rect.width - labelWidth - countWidth - 2)
        for i in 0..<shown {
            let (kept, initial) = layers[i]
            let filled = initial > 0 ? Int((Double(kept) / Double(initial) * Double(barWidth)).rounded()) : 0
            let line = rect.line(i + 1)
            let label = "L" + String(i + 1)
            screen.draw(label, in: Rect(row: line.row, column: line.column, height: 1, width: labelWidth), style: TextStyle(.dim))
            let barColumn = line.column + labelWidth + 1
            let fill: Character = screen.unicode ? "█" : "#", empty: Character = screen.unicode ? "░" : "."
            screen.fill(row: line.row, column: barColumn, count: filled, character: fill, style: TextStyle(.barFill))
            screen.fill(row: line.row, column: barColumn + filled, count: barWidth - filled, character: empty, style: TextStyle(.barEmpty))
            let counts = "\(kept)/\(initial)"
            screen.draw(counts, in: Rect(row: line.row, column: barColumn + barWidth + 1, height: 1, width: countWidth), style: TextStyle(.normal))
        }
        if shown < layers.count {
            screen.draw("… \(layers.count - shown) more layers", in: rect.line(rect.height - 1), style: TextStyle(.dim))
        }
    }
}
