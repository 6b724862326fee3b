import MarvelCore

/// Builds the Training pane's four charts for a run, with a second run
/// overlaid faintly for comparison: model size and active units (% of
/// initial), errors, batch size, and memory. Federated runs chart their
/// global model per round instead.
enum TrainingCharts {
    /// The charts in display order.
    static func charts(for run: RunHistory, compare: RunHistory?) -> [LineChart] {
        let primary = series(for: run)
        let other = compare.flatMap { comparable(run, $0) ? series(for: $0) : nil }
        let xName = isFederated(run) ? "round" : "epoch"
        let planned = run.plannedEpochs.map(Double.init)
        var charts: [LineChart] = []
        for (i, spec) in primary.enumerated() {
            var all = spec.series
            if let other, i < other.count {
                for (j, s) in other[i].series.enumerated() {
                    // Match the selected run's colours; one legend entry names the compared run.
                    let role = all.first(where: { $0.name == s.name })?.role ?? s.role
                    all.append(ChartSeries(name: j == 0 ? "vs \(compare?.run ?? "")" : "", points: s.points, role: role, faint: true))
                }
            }
            var chart = LineChart(title: spec.title, series: all, yFormat: spec.format, xName: xName, yRange: spec.yRange)
            if let planned, planned > 1 { chart.xRange = 1...planned }
            charts.append(chart)
        }
        return charts
    }

    /// Whether two runs chart the same quantities (both epochs, or both federated rounds).
    static func comparable(_ a: RunHistory, _ b: RunHistory) -> Bool { isFederated(a) == isFederated(b) }

    static func isFederated(_ run: RunHistory) -> Bool { run.epochs.isEmpty && !run.rounds.isEmpty }

    struct Spec {
        var title: String
        var series: [ChartSeries]
        var format: ChartNumberFormat
        var yRange: ClosedRange<Double>?
    }

    static func series(for run: RunHistory) -> [Spec] {
        isFederated(run) ? fedlSeries(run) : dynhpSeries(run)
    }

    static func dynhpSeries(_ run: RunHistory) -> [Spec] {
        let epochs = run.epochs
        func points(_ value: (DynHPEpoch) -> Double?) -> [ChartPoint] {
            epochs.compactMap { e in value(e).map { ChartPoint(x: Double(e.epoch), y: $0) } }
        }
        var size = [ChartSeries(name: "size", points: points { $0.sizePercent }, role: ChartPalette.role(0))]
        for (n, layer) in prunedLayers(run).prefix(3).enumerated() {
            size.append(ChartSeries(name: layerName(layer.index), points: points { e in
                layer.index < e.active.count && layer.initial > 0 ? Double(e.active[layer.index]) * 100 / Double(layer.initial) : nil
            }, role: ChartPalette.role(n + 1)))
        }
        var errors = [
            ChartSeries(name: "train", points: points { $0.trainError * 100 }, role: ChartPalette.role(0)),
            ChartSeries(name: "val", points: points { $0.valError * 100 }, role: ChartPalette.role(1)),
        ]
        if epochs.contains(where: { $0.testError != nil }) {
            errors.append(ChartSeries(name: "test", points: points { $0.testError.map { $0 * 100 } }, role: ChartPalette.role(2)))
        }
        return [
            Spec(title: "Model size, active units", series: size, format: .percent, yRange: 0...100),
            Spec(title: "Error", series: errors, format: .percent, yRange: nil),
            Spec(title: "Batch size", series: [ChartSeries(name: "batch", points: points { Double($0.batchSize) }, role: ChartPalette.role(2))],
                 format: .number, yRange: nil),
            Spec(title: "Memory", series: [ChartSeries(name: "memory", points: points { Double($0.memoryBytes) }, role: ChartPalette.role(3))],
                 format: .bytes, yRange: nil),
        ]
    }

    static func fedlSeries(_ run: RunHistory) -> [Spec] { FedLRunCharts.specs(run) }

    /// The layers worth a line, with their initial widths (from the configured
    /// model, e.g. "mlp-784-300-100-10", when it names them, else the first
    /// epoch): those whose active units changed, else every hidden layer.
    static func prunedLayers(_ run: RunHistory) -> [(index: Int, initial: Int)] {
        guard let first = run.epochs.first, !first.active.isEmpty else { return [] }
        let configured = (run.start?.model ?? "").split(separator: "-").compactMap { Int($0) }
        let usable = configured.count >= 2 && configured.count >= first.active.count
        let count = usable ? min(first.active.count, configured.count - 1) : first.active.count
        let layers = (0..<count).map { i in (index: i, initial: usable ? configured[i] : first.active[i]) }
        let changed = layers.filter { layer in
            run.epochs.contains { $0.active.indices.contains(layer.index) && $0.active[layer.index] != layer.initial }
        }
        return changed.isEmpty ? layers.filter { $0.index >= 1 } : changed
    }

    /// The legend name of layer `index`: "in" for the inputs, "h1", "h2", … for hidden layers.
    static func layerName(_ index: Int) -> String { index == 0 ? "in" : "h\(index)" }
}
