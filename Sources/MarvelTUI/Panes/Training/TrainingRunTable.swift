import Foundation
import MarvelCore

/// The Training pane's table of runs: one row per run with its source,
/// mode, progress, latest test error, size, batch and status.
enum TrainingRunTable {
    static let columns: [TableColumn] = [
        TableColumn(" ", minWidth: 1, maxWidth: 1, priority: 99),
        TableColumn("RUN", minWidth: 8, maxWidth: 32, priority: 100, fills: true),
        TableColumn("SOURCE", minWidth: 8, maxWidth: 28, priority: 30),
        TableColumn("SWEEP", minWidth: 5, maxWidth: 16, priority: 35),
        TableColumn("MODE", minWidth: 4, maxWidth: 6, priority: 50),
        TableColumn("EPOCH", minWidth: 5, maxWidth: 9, alignment: .right, priority: 90),
        TableColumn("TEST ERR", minWidth: 8, maxWidth: 8, alignment: .right, priority: 80),
        TableColumn("SIZE", minWidth: 5, maxWidth: 6, alignment: .right, priority: 85),
        TableColumn("BATCH", minWidth: 5, maxWidth: 6, alignment: .right, priority: 40),
        TableColumn("STATUS", minWidth: 7, maxWidth: 12, priority: 95),
    ]

    static func row(_ run: TrainingRun, compared: Bool) -> TableRow {
        let h = run.history
        let source: String
        switch run.origin {
        case .file(let path): source = "file " + (path as NSString).lastPathComponent
        case .pod(_, let pod): source = "pod " + pod
        case .podList: source = "pods"
        }
        let progress: String
        let testError: String
        let size: String
        let batch: String
        if let e = h.latest {
            progress = "\(e.epoch)/\(e.epochs)"
            testError = e.testError.map { error($0, regression: e.isRegression) } ?? "-"
            size = percent(e.sizePercent)
            batch = String(e.batchSize)
        } else if let r = h.rounds.last {
            progress = "\(r.round)/\(r.rounds)"
            testError = r.global.test.map { percent($0 * 100) } ?? "-"
            let first = h.rounds.first?.globalParams ?? 0
            size = first > 0 ? percent(Double(r.globalParams) * 100 / Double(first)) : "-"
            batch = "-"
        } else {
            progress = h.plannedEpochs.map { "0/\($0)" } ?? "-"
            testError = "-"
            size = "-"
            batch = "-"
        }
        let (status, role) = statusText(h.status)
        return .data([
            .text(compared ? "c" : "", TextStyle(.series2, bold: true)), .text(h.run, TextStyle(compared ? .series2 : .normal)),
            .plain(source), .plain(TrainingSweeps.sweep(of: run) ?? "-"), .plain(h.mode),
            .plain(progress), .plain(testError), .plain(size), .plain(batch), .text(status, TextStyle(role)),
        ])
    }

    static func statusText(_ status: RunHistory.Status) -> (String, StyleRole) {
        switch status {
        case .running: return ("running", .statusPending)
        case .ended(let s):
            switch s.lowercased() {
            case "completed", "complete", "ok", "succeeded", "done": return (s, .statusOK)
            case "failed", "error": return (s, .statusError)
            default: return (s, .statusWarn)
            }
        }
    }

    /// "9.5%", "23%", "100%".
    /// An error value: a percentage of a fraction misclassified, or a regression run's mean
    /// squared error as a number ("mse 0.0123").
    static func error(_ value: Double, regression: Bool) -> String {
        guard regression else { return percent(value * 100) }
        guard value.isFinite else { return "-" }
        return value >= 100 ? String(format: "%.0f", value) : String(format: "%.4g", value)
    }

    static func percent(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        return value < 10 ? String(format: "%.1f%%", value) : String(format: "%.0f%%", value)
    }
}
