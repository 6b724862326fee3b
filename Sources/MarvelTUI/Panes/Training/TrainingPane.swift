import Foundation
import MarvelCore

/// The Training pane: the training runs the console follows (metrics files,
/// DynHP pods), a sweep's runs listed together, and for the selected one braille
/// charts of model size and active units, errors, loss, batch size and memory (each
/// series with its own marker and its name at its line's end), or its epoch table;
/// `c` overlays a second run for comparison, `s` compares every run of the selected
/// run's sweep; `f`, `l`, `a` and `v` change how the charts are drawn.
public struct TrainingPane: Pane {
    public var title: String { "Training" }
    public private(set) var filter: String = ""
    /// Where runs come from (nil: none configured; the pane says how to get some).
    public let source: (any MetricsSource)?
    /// Every run of the source, and those the filter keeps (shown in the table).
    public private(set) var allRuns: [TrainingRun] = []
    public private(set) var runs: [TrainingRun] = []
    /// Source states worth a warning (anything not plainly following).
    public private(set) var problems: [String] = []
    public internal(set) var table = Table(columns: TrainingRunTable.columns, rows: [])
    /// The run under the cursor, and the run marked with `c` for comparison.
    public internal(set) var selectedID: String?
    public private(set) var compareID: String?
    /// The sweep whose runs are compared (`s`), nil when none is.
    public private(set) var compareSweep: String?
    /// True while the epoch table replaces the charts.
    public private(set) var showsEpochTable = false
    /// How the charts are drawn (y range, log loss, alignment of compared runs, first chart).
    public private(set) var chartOptions = TrainingChartOptions()
    var epochTable = Table(columns: TrainingEpochTable.columns, rows: [])
    private var builtVersion: Int?

    public init(source: (any MetricsSource)?) {
        self.source = source
    }

    public var selectedRun: TrainingRun? { runs.first { $0.id == selectedID } }
    public var comparedRun: TrainingRun? { compareID == selectedID ? nil : allRuns.first { $0.id == compareID } }

    /// The runs of the compared sweep, in the table's order.
    public var sweepRuns: [TrainingRun] {
        guard let compareSweep else { return [] }
        return allRuns.filter { TrainingSweeps.sweep(of: $0) == compareSweep }
    }

    public var acceptsFilter: Bool { !showsEpochTable }

    public var isSubViewOpen: Bool { showsEpochTable }

    public func keyHelp(readOnly: Bool) -> [KeyHelp] {
        if showsEpochTable { return ConsoleReference.help(.epochTable, readOnly: readOnly) }
        let comparing = compareID != nil || compareSweep != nil
        let inSweep = selectedRun.flatMap(TrainingSweeps.sweep) != nil
        return ConsoleReference.help(.training, readOnly: readOnly) {
            ($0 == "comparing" && comparing) || ($0 == "sweep" && inSweep)
        }
    }

    public mutating func setFilter(_ text: String, context: PaneContext) {
        guard text != filter else { return }
        filter = text
        rebuild(context)
    }

    public mutating func update(_ context: PaneContext) {
        let version = source?.version ?? 0
        if builtVersion != version { rebuild(context) }
    }

    public mutating func handle(_ key: Key, context: PaneContext) -> Bool {
        update(context)
        let page = max(1, context.viewport.height / 2)
        if showsEpochTable {
            let rows = epochTable.rows
            switch key {
            case .escape, .enter, .char("t"), .char("q"): showsEpochTable = false
            case let navigation where TableState.isNavigationKey(navigation): epochTable.state.navigate(navigation, in: rows, page: page)
            default: return false
            }
            return true
        }
        let rows = table.rows
        switch key {
        case let navigation where TableState.isNavigationKey(navigation): table.state.navigate(navigation, in: rows, page: page)
        case .enter, .char("t"):
            guard let run = selectedRun else { return true }
            showsEpochTable = true
            epochTable = Self.stepTable(for: run.history)
            epochTable.state = TableState()
            epochTable.state.moveToLast(in: epochTable.rows)
            return true
        case .char("c"):
            guard let id = selectedID else { return true }
            compareID = compareID == id ? nil : id
            rebuildRows()
            return true
        case .char("s"):
            guard let sweep = selectedRun.flatMap(TrainingSweeps.sweep) else { return true }
            compareSweep = compareSweep == sweep ? nil : sweep
            return true
        case .char("f"):
            chartOptions.fullRange.toggle()
            return true
        case .char("l"):
            chartOptions.logLoss.toggle()
            return true
        case .char("a"):
            let runs = sweepRuns.isEmpty ? [selectedRun, comparedRun].compactMap { $0?.history } : sweepRuns.map(\.history)
            guard runs.count >= 2 else { return true }
            chartOptions.alignment = chartOptions.effectiveAlignment(runs).other
            return true
        case .char("v"):
            guard let run = selectedRun else { return true }
            let count = charts(for: run, unicode: true).count
            let shown = layout(in: context.viewport, unicode: true).body.map { min(count, TrainingChartGrid.capacity(in: $0)) } ?? count
            chartOptions.firstChart = count > 0 ? (chartOptions.firstChart + max(1, shown)) % count : 0
            return true
        case .escape:
            guard compareID != nil || compareSweep != nil else { return false }
            compareID = nil
            compareSweep = nil
            rebuildRows()
            return true
        default:
            return false
        }
        selectedID = table.state.selection.flatMap { runs.indices.contains($0) ? runs[$0].id : nil }
        return true
    }

    private mutating func rebuild(_ context: PaneContext) {
        builtVersion = source?.version ?? 0
        allRuns = TrainingSweeps.grouped(source?.runs() ?? [])
        problems = (source?.sourceStates() ?? []).compactMap { entry in
            let healthy = ["following", "reading", "opening", "listing", "ended"].contains { entry.state.hasPrefix($0) }
            return healthy || entry.state == "gone" ? nil : "\(entry.origin): \(entry.state)"
        }
        let needle = filter.lowercased()
        runs = needle.isEmpty ? allRuns : allRuns.filter {
            $0.history.run.lowercased().contains(needle) || $0.origin.description.lowercased().contains(needle)
        }
        if compareID != nil, !allRuns.contains(where: { $0.id == compareID }) { compareID = nil }
        if compareSweep != nil, sweepRuns.isEmpty { compareSweep = nil }
        rebuildRows()
        if showsEpochTable, let run = selectedRun {
            let atEnd = epochTable.state.selection == epochTable.rows.count - 1
            epochTable.setRows(Self.stepTable(for: run.history).rows)
            if atEnd { epochTable.state.moveToLast(in: epochTable.rows) } else { epochTable.state.clamp(to: epochTable.rows) }
        } else if showsEpochTable {
            showsEpochTable = false
        }
    }

    /// The epoch table of a run, or its round table when it is federated.
    static func stepTable(for run: RunHistory) -> Table {
        TrainingCharts.isFederated(run)
            ? Table(columns: FedLRoundTable.columns, rows: FedLRoundTable.rows(for: run))
            : Table(columns: TrainingEpochTable.columns, rows: TrainingEpochTable.rows(for: run))
    }

    private mutating func rebuildRows() {
        table.setRows(runs.map { TrainingRunTable.row($0, compared: $0.id == compareID) })
        if let id = selectedID, let index = runs.firstIndex(where: { $0.id == id }) {
            table.state.selection = index
        } else {
            table.state.selection = runs.isEmpty ? nil : 0
        }
        table.state.clamp(to: table.rows)
        selectedID = table.state.selection.flatMap { runs.indices.contains($0) ? runs[$0].id : nil }
    }
}
