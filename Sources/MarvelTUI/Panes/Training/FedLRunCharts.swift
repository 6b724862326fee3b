import MarvelCore

/// The two charts of a federated run: errors over rounds (the global model's test error, or
/// its loss for Flower runs, and each client's local test error) and model size over rounds
/// (the global model and each client's local model, % of the initial network).
enum FedLRunCharts {
    /// At most this many clients get a line (the palette has four colours, one is the global's).
    static let clientLines = 3

    static func specs(_ run: RunHistory) -> [TrainingCharts.Spec] {
        let rounds = run.rounds
        func points(_ value: (FedLRound) -> Double?) -> [ChartPoint] {
            rounds.compactMap { r in value(r).map { ChartPoint(x: Double(r.round), y: $0) } }
        }
        let ids = clientIDs(run)
        let initial = Double(rounds.lazy.compactMap(\.globalModel.paramsInitial).first ?? rounds.first?.globalParams ?? 0)
        var errors: [ChartSeries] = []
        let hasErrors = rounds.contains { $0.global.test != nil || $0.global.val != nil }
        if hasErrors {
            errors.append(ChartSeries(name: "global", points: points { r in (r.global.test ?? r.global.val).map { $0 * 100 } },
                                      role: ChartPalette.role(0)))
        }
        var size = [ChartSeries(name: "global", points: points { initial > 0 && $0.globalParams > 0 ? Double($0.globalParams) * 100 / initial : nil },
                                role: ChartPalette.role(0))]
        for (n, id) in ids.prefix(clientLines).enumerated() {
            let role = ChartPalette.role(n + 1)
            errors.append(ChartSeries(name: "c\(id)", points: points { r in
                r.clients.first { $0.id == id && $0.responded }?.errors.test.map { $0 * 100 }
            }, role: role))
            size.append(ChartSeries(name: "c\(id)", points: points { r in
                guard initial > 0, let c = r.clients.first(where: { $0.id == id && $0.responded }), c.params > 0 else { return nil }
                return Double(c.params) * 100 / initial
            }, role: role))
        }
        if !hasErrors, rounds.contains(where: { $0.globalModel.loss != nil }) {
            // Flower: the server reports losses, not errors.
            return [
                TrainingCharts.Spec(title: "Global loss", series: [
                    ChartSeries(name: "loss", points: points { $0.globalModel.loss }, role: ChartPalette.role(0)),
                ], format: .number, yRange: nil, fitsPastStart: true, isLoss: true),
                TrainingCharts.Spec(title: "Clients (per round)", series: [
                    ChartSeries(name: "asked", points: points { $0.sampled.map(Double.init) }, role: ChartPalette.role(0)),
                    ChartSeries(name: "failed", points: points { $0.failures.map(Double.init) }, role: ChartPalette.role(3)),
                ], format: .number, yRange: nil),
            ]
        }
        return [
            TrainingCharts.Spec(title: "Global error % · clients' test", series: errors, format: .percent, yRange: nil, fitsPastStart: true),
            TrainingCharts.Spec(title: "Global model size % · clients", series: size, format: .percent, yRange: 0...100),
        ]
    }

    /// Every client id seen in the run, in natural order ("2" before "10").
    static func clientIDs(_ run: RunHistory) -> [String] {
        var seen = Set<String>()
        var ids: [String] = []
        for r in run.rounds { for c in r.clients where seen.insert(c.id).inserted { ids.append(c.id) } }
        return ids.sorted(by: FedLSelector.order)
    }
}
