import Foundation
import MarvelCore

/// The per-epoch table of a run (Enter or `t` in the Training pane).
enum TrainingEpochTable {
    static let columns: [TableColumn] = [
        TableColumn("EPOCH", minWidth: 6, alignment: .right, priority: 100),
        TableColumn("LOSS", minWidth: 6, alignment: .right, priority: 60),
        TableColumn("TRAIN", minWidth: 6, alignment: .right, priority: 80),
        TableColumn("VAL", minWidth: 6, alignment: .right, priority: 85),
        TableColumn("TEST", minWidth: 6, alignment: .right, priority: 90),
        TableColumn("SIZE", minWidth: 5, alignment: .right, priority: 95),
        TableColumn("PARAMS", minWidth: 7, alignment: .right, priority: 50),
        TableColumn("ACTIVE", minWidth: 8, maxWidth: 24, priority: 70),
        TableColumn("BATCH", minWidth: 5, alignment: .right, priority: 75),
        TableColumn("MEMORY", minWidth: 6, alignment: .right, priority: 65),
        TableColumn("MFLOP", minWidth: 6, alignment: .right, priority: 40),
        TableColumn("SAMPLES/S", minWidth: 9, alignment: .right, priority: 55),
        TableColumn("TIME", minWidth: 6, alignment: .right, priority: 30),
    ]

    static func rows(for run: RunHistory) -> [TableRow] {
        let start = run.start?.ts ?? run.epochs.first?.ts
        return run.epochs.map { e in
            let err = { (v: Double?) -> TableCell in .plain(v.map { TrainingRunTable.error($0, regression: e.isRegression) } ?? "-") }
            let phase = e.phase == DynHPEpoch.finetunePhase ? " ft" : ""
            return .data([
                .plain(String(e.epoch) + phase), .plain(e.loss.isFinite ? String(format: "%.4f", e.loss) : "-"),
                err(e.trainError.isFinite ? e.trainError : nil), err(e.valError.isFinite ? e.valError : nil), err(e.testError),
                .plain(TrainingRunTable.percent(e.sizePercent)), .plain(ChartNumberFormat.plain(Double(e.params), span: 100)),
                .plain(e.active.map(String.init).joined(separator: "-")), .plain(String(e.batchSize)),
                .plain(ChartNumberFormat.bytes(Double(e.memoryBytes))), .plain(String(format: "%.2f", Double(e.flops) / 1e6)),
                .plain(e.samplesPerSecond.map { TrainingRunHeader.grouped(Int($0.rounded())) } ?? "-"),
                .plain(start.map { elapsed(e.ts.timeIntervalSince($0)) } ?? "-"),
            ])
        }
    }

    /// "42s", "3m05s", "1h02m".
    static func elapsed(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "-" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, s / 60 % 60)
    }
}
