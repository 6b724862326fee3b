import MarvelCore

/// Sweeps in the Training pane: runs whose `run.start` names a `sweep` are listed together,
/// and a sweep's runs are compared on one set of charts, one line per run, each labelled by
/// the settings that differ between them.
enum TrainingSweeps {
    /// The sweep a run belongs to (from its `run.start`), nil for a lone run.
    static func sweep(of run: TrainingRun) -> String? {
        guard let name = run.history.start?.extra["sweep"]?.stringValue, !name.isEmpty else { return nil }
        return name
    }

    /// `runs` with each sweep's runs moved together, where the sweep's first run stands.
    static func grouped(_ runs: [TrainingRun]) -> [TrainingRun] {
        var out: [TrainingRun] = []
        var placed = Set<String>()
        for run in runs where !placed.contains(run.id) {
            guard let name = sweep(of: run) else {
                out.append(run)
                placed.insert(run.id)
                continue
            }
            for member in runs where sweep(of: member) == name && !placed.contains(member.id) {
                out.append(member)
                placed.insert(member.id)
            }
        }
        return out
    }

    /// The configuration members that tell runs apart, in the order they are shown.
    static let settingKeys: [(key: String, ascii: String, unicode: String)] = [
        ("mode", "", ""), ("lambda", "lambda=", "λ="), ("layer_lambdas", "lambdas=", "λs="), ("alpha_bs", "alpha_bs=", "α="),
        ("gamma", "gamma=", "γ="), ("lr", "lr=", "lr="), ("gate_lr", "gate_lr=", "gate lr="),
        ("lr_batch_scaling", "lr~", "lr∝"), ("lr_warmup_epochs", "warmup=", "warm-up="), ("finetune_epochs", "ft=", "ft="),
        ("temperature", "beta=", "β="), ("init_drop_input", "drop_in=", "drop in="), ("batch_size", "batch=", "batch="),
        ("epochs", "epochs=", "epochs="), ("seed", "seed=", "seed="),
    ]

    /// The value of `key` in a run's configuration, as text.
    static func setting(_ key: String, of run: RunHistory) -> String? {
        guard let s = run.start else { return nil }
        switch key {
        case "mode": return s.mode
        case "lambda": return s.lambda.map { ChartNumberFormat.trimmed($0, digits: 6) }
        case "alpha_bs": return s.alphaBS.map { ChartNumberFormat.trimmed($0, digits: 6) }
        case "gamma": return s.gamma.map { ChartNumberFormat.trimmed($0, digits: 4) }
        case "batch_size": return s.batchSize.map(String.init)
        case "epochs": return s.epochs.map(String.init)
        case "seed": return s.seed.map(String.init)
        default:
            guard let v = s.extra[key] else { return nil }
            if let d = v.doubleValue { return ChartNumberFormat.trimmed(d, digits: 6) }
            if let items = v.arrayValue { return items.compactMap { $0.doubleValue.map { ChartNumberFormat.trimmed($0, digits: 4) } }.joined(separator: ",") }
            return v.stringValue
        }
    }

    /// Per run, a short label of the settings that differ between `runs` ("λ=0.3 α=0.989"),
    /// the run's name when nothing differs.
    static func labels(_ runs: [RunHistory], unicode: Bool) -> [String] {
        let differing = settingKeys.filter { k in Set(runs.map { setting(k.key, of: $0) ?? "" }).count > 1 }
        return runs.map { run in
            let parts = differing.compactMap { k in setting(k.key, of: run).map { (unicode ? k.unicode : k.ascii) + $0 } }
            return parts.isEmpty ? run.run : parts.joined(separator: " ")
        }
    }

    /// The charts comparing a sweep: model size, test error, batch size and samples/s, one
    /// series per run (colours repeat after four, dashed the second time round; markers
    /// repeat after five, hollow the second time round), aligned by epoch or by fraction.
    static func charts(_ runs: [RunHistory], unicode: Bool, options: TrainingChartOptions = TrainingChartOptions()) -> [LineChart] {
        let names = labels(runs, unicode: unicode)
        let alignment = options.effectiveAlignment(runs)
        let axis = TrainingAlignment.axis(runs, alignment: alignment, unit: "epoch")
        func series(_ value: @escaping (DynHPEpoch) -> Double?) -> [ChartSeries] {
            runs.enumerated().map { i, run in
                let points = run.epochs.compactMap { e in value(e).map { ChartPoint(x: Double(e.epoch), y: $0) } }
                let s = ChartSeries(name: names[i], points: points, role: ChartPalette.role(i), faint: i >= ChartPalette.roles.count,
                                    marker: ChartMarker(shape: i % ChartMarker.shapeCount, hollow: (i / ChartMarker.shapeCount) % 2 == 1))
                return alignment == .fraction ? TrainingAlignment.byFraction([s], of: run)[0] : s
            }
        }
        // Runs of mean squared error (regression) are compared on their MSE, as numbers.
        let regression = runs.contains { $0.epochs.last?.isRegression == true }
        let scale = regression ? 1.0 : 100.0
        let specs = [
            TrainingCharts.Spec(title: "Model size %", series: series { $0.sizePercent }, format: .percent, yRange: 0...100),
            TrainingCharts.Spec(title: regression ? "Test MSE" : "Test error %", series: series { ($0.testError ?? $0.valError) * scale },
                                format: regression ? .number : .percent, yRange: nil, fitsPastStart: true),
            TrainingCharts.Spec(title: "Batch (samples)", series: series { Double($0.batchSize) }, format: .number, yRange: nil),
            TrainingCharts.Spec(title: "Samples/s", series: series { $0.samplesPerSecond }, format: .number, yRange: nil, fitsPastStart: true),
        ]
        return specs.map { $0.chart(series: $0.series, axis: axis, options: options) }
    }
}
