import Foundation
import MarvelCore

/// The per-round table of a federated run (Enter or `t` in the Training pane).
enum FedLRoundTable {
    static let columns: [TableColumn] = [
        TableColumn("ROUND", minWidth: 5, alignment: .right, priority: 100),
        TableColumn("TEST", minWidth: 6, alignment: .right, priority: 90),
        TableColumn("VAL", minWidth: 6, alignment: .right, priority: 85),
        TableColumn("TRAIN", minWidth: 6, alignment: .right, priority: 70),
        TableColumn("LOSS", minWidth: 6, alignment: .right, priority: 40),
        TableColumn("SIZE", minWidth: 5, alignment: .right, priority: 95),
        TableColumn("ACTIVE", minWidth: 8, maxWidth: 24, priority: 60),
        TableColumn("ASKED", minWidth: 5, alignment: .right, priority: 80),
        TableColumn("ANSWERED", minWidth: 8, maxWidth: 30, priority: 75),
        TableColumn("MISSED", minWidth: 6, maxWidth: 30, priority: 65),
        TableColumn("PRUNED", minWidth: 6, alignment: .right, priority: 50),
        TableColumn("TIME", minWidth: 6, alignment: .right, priority: 30),
    ]

    static func rows(for run: RunHistory) -> [TableRow] {
        let start = run.start?.ts ?? run.rounds.first?.ts
        let initial = Double(run.rounds.lazy.compactMap(\.globalModel.paramsInitial).first ?? run.rounds.first?.globalParams ?? 0)
        return run.rounds.map { r in
            let err = { (v: Double?) -> TableCell in .plain(v.map { TrainingRunTable.percent($0 * 100) } ?? "-") }
            let answered = r.clients.filter { $0.effectiveStatus == .answered }.map(\.id)
            let missed = r.clients.filter { [.late, .skipped].contains($0.effectiveStatus) }
                .map { "\($0.id) \($0.effectiveStatus == .late ? "late" : "skipped")" }
            let answeredText = answered.isEmpty ? (r.sampled.map { "\($0 - (r.failures ?? 0))" } ?? "-") : answered.joined(separator: ",")
            let missedText = missed.isEmpty ? (r.failures.map { $0 > 0 ? "\($0) failed" : "-" } ?? "-") : missed.joined(separator: ", ")
            let size: String = initial > 0 && r.globalParams > 0 ? TrainingRunTable.percent(Double(r.globalParams) * 100 / initial) : "-"
            let active: String = r.globalModel.active.map { $0.map(String.init).joined(separator: "-") } ?? "-"
            let pruned: String = r.globalModel.pruned.map { String($0.reduce(0) { $0 + $1.count }) } ?? "-"
            let loss: String = r.globalModel.loss.map { String(format: "%.4f", $0) } ?? "-"
            let time: String = start.map { TrainingEpochTable.elapsed(r.ts.timeIntervalSince($0)) } ?? "-"
            let missedRole: StyleRole = missed.isEmpty && (r.failures ?? 0) == 0 ? .dim : .statusWarn
            var cells: [TableCell] = [.plain(String(r.round)), err(r.global.test), err(r.global.val), err(r.global.train)]
            cells += [.plain(loss), .plain(size), .plain(active), .plain(r.sampled.map(String.init) ?? "-")]
            cells += [.text(answeredText, TextStyle(.statusOK)), .text(missedText, TextStyle(missedRole)), .plain(pruned), .plain(time)]
            return .data(cells)
        }
    }
}
