import MarvelCore

/// Builds the Training pane's charts for a run, with a second run overlaid
/// (dashed, hollow markers) for comparison: model size and active units
/// (% of initial), errors (%), loss, batch size (samples) and memory (MiB/GiB).
/// Federated runs chart their global model per round instead. Every series
/// keeps its colour and marker by name, so the legend never changes during a run.
enum TrainingCharts {
    /// The charts in display order.
    static func charts(for run: RunHistory, compare: RunHistory?, options: TrainingChartOptions = TrainingChartOptions()) -> [LineChart] {
        let compared = compare.flatMap { comparable(run, $0) ? $0 : nil }
        let runs = [run] + (compared.map { [$0] } ?? [])
        let alignment = options.effectiveAlignment(runs)
        let axis = TrainingAlignment.axis(runs, alignment: alignment, unit: isFederated(run) ? "round" : "epoch")
        func placed(_ series: [ChartSeries], of r: RunHistory) -> [ChartSeries] {
            alignment == .fraction ? TrainingAlignment.byFraction(series, of: r) : series
        }
        let other = compared.map(series(for:))
        return series(for: run).enumerated().map { i, spec in
            var all = placed(spec.series, of: run)
            if let other, let compared, i < other.count {
                for s in placed(other[i].series, of: compared) {
                    // The selected run's colour and shape, hollow and dashed; one legend entry names the compared run.
                    let own = all.first { $0.name == s.name }
                    all.append(ChartSeries(name: s.name, points: s.points, role: own?.role ?? s.role, faint: true,
                                           marker: ChartMarker(shape: (own?.marker ?? s.marker).shape, hollow: true),
                                           legendGroup: "vs \(compared.run)"))
                }
            }
            return spec.chart(series: all, axis: axis, options: options)
        }
    }

    /// Whether two runs chart the same quantities (both epochs, or both federated rounds).
    static func comparable(_ a: RunHistory, _ b: RunHistory) -> Bool { isFederated(a) == isFederated(b) }

    static func isFederated(_ run: RunHistory) -> Bool { run.epochs.isEmpty && !run.rounds.isEmpty }

    /// One chart before it is placed on an x axis.
    struct Spec {
        var title: String
        var series: [ChartSeries]
        var format: ChartNumberFormat
        var yRange: ClosedRange<Double>?
        /// Fit the y range past each line's first point unless the full range is asked for.
        var fitsPastStart = false
        /// A loss: on a log scale when asked for.
        var isLoss = false

        func chart(series: [ChartSeries], axis: (range: ClosedRange<Double>?, name: String, format: ChartNumberFormat),
                   options: TrainingChartOptions) -> LineChart {
            let log = isLoss && options.logLoss
            return LineChart(title: log ? title + " (log)" : title, series: series, yFormat: format, xName: axis.name,
                             xFormat: axis.format, xRange: axis.range, yRange: yRange, yScale: log ? .log : .linear,
                             yFit: fitsPastStart && !options.fullRange ? .afterFirst : .full)
        }
    }

    static func series(for run: RunHistory) -> [Spec] {
        isFederated(run) ? FedLRunCharts.specs(run) : dynhpSeries(run)
    }

    static func dynhpSeries(_ run: RunHistory) -> [Spec] {
        let epochs = run.epochs
        func points(_ value: (DynHPEpoch) -> Double?) -> [ChartPoint] {
            epochs.compactMap { e in value(e).map { ChartPoint(x: Double(e.epoch), y: $0) } }
        }
        var size = [ChartSeries(name: "size", points: points { $0.sizePercent }, role: ChartPalette.role(0))]
        for (n, layer) in gatedLayers(run).prefix(3).enumerated() {
            size.append(ChartSeries(name: layerName(layer.index), points: points { e in
                layer.index < e.active.count && layer.initial > 0 ? Double(e.active[layer.index]) * 100 / Double(layer.initial) : nil
            }, role: ChartPalette.role(n + 1)))
        }
        // Regression runs (loss: mse) report mean squared errors, drawn as they are, not as %.
        let regression = epochs.last?.isRegression == true
        let scale = regression ? 1.0 : 100.0
        var errors = [
            ChartSeries(name: "train", points: points { $0.trainError * scale }, role: ChartPalette.role(0)),
            ChartSeries(name: "val", points: points { $0.valError * scale }, role: ChartPalette.role(1)),
        ]
        if epochs.contains(where: { $0.testError != nil }) {
            errors.append(ChartSeries(name: "test", points: points { $0.testError.map { $0 * scale } }, role: ChartPalette.role(2)))
        }
        return [
            Spec(title: "Model size %", series: size, format: .percent, yRange: 0...100),
            regression ? Spec(title: "MSE", series: errors, format: .number, yRange: nil, fitsPastStart: true)
                : Spec(title: "Error %", series: errors, format: .percent, yRange: nil, fitsPastStart: true),
            Spec(title: "Loss", series: [ChartSeries(name: "loss", points: points { $0.loss }, role: ChartPalette.role(0))],
                 format: .number, yRange: nil, fitsPastStart: true, isLoss: true),
            Spec(title: "Batch (samples)", series: [ChartSeries(name: "batch", points: points { Double($0.batchSize) }, role: ChartPalette.role(2))],
                 format: .number, yRange: nil),
            Spec(title: "Memory", series: [ChartSeries(name: "memory", points: points { Double($0.memoryBytes) }, role: ChartPalette.role(3))],
                 format: .bytes, yRange: nil),
        ]
    }

    /// The gated layers that get a line, with their initial widths: from the configured
    /// model ("mlp-784-300-100-10": inputs and hidden layers) when it names them, else from
    /// the first epoch (every layer but the output). Fixed by the model, never by what
    /// pruned so far, so the legend stays the same during a run.
    static func gatedLayers(_ run: RunHistory) -> [(index: Int, initial: Int)] {
        guard let first = run.epochs.first, !first.active.isEmpty else { return [] }
        let configured = (run.start?.model ?? "").split(separator: "-").compactMap { Int($0) }
        let usable = configured.count >= 2 && configured.count >= first.active.count
        let count = usable ? min(first.active.count, configured.count - 1) : max(1, first.active.count - 1)
        return (0..<count).map { i in (index: i, initial: usable ? configured[i] : first.active[i]) }
    }

    /// The legend name of layer `index`: "in" for the inputs, "h1", "h2", … for hidden layers.
    static func layerName(_ index: Int) -> String { index == 0 ? "in" : "h\(index)" }
}
