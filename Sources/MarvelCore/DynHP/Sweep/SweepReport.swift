import Foundation

/// The tables of `dynhp sweep status` (where each run is) and `dynhp sweep collect` (what
/// each run ended with, from its `run.end` line): text, Markdown or JSON. Each run is named
/// by its instance and the flags that differ between the sweep's runs.
public struct SweepReport: Sendable {
    public var sweep: String
    public var runs: [SweepRunState]

    public init(sweep: String, runs: [SweepRunState]) {
        self.sweep = sweep
        self.runs = runs
    }

    /// The flags whose values differ between runs, in the flags' usual order.
    public var varyingFlags: [String] {
        SweepFlags.variables.map(\.flag).filter { flag in Set(runs.map { $0.value(ofFlag: flag) ?? "" }).count > 1 }
    }

    private func node(_ r: SweepRunState) -> String {
        guard let node = r.node else { return "-" }
        return r.layer.map { "\(node) (\($0.rawValue))" } ?? node
    }

    // MARK: status

    /// Columns and rows of the status table.
    public func statusTable() -> (header: [String], rows: [[String]]) {
        let flags = varyingFlags
        let header = ["RUN"] + flags.map { $0.uppercased() } + ["NODE", "PHASE", "EPOCH", "TEST ERR", "SIZE", "BATCH", "SAMPLES/S"]
        let rows = runs.map { r -> [String] in
            let e = r.latest
            let values: [String] = flags.map { r.value(ofFlag: $0) ?? "-" }
            let phase: String = r.end?.status ?? r.phase
            let epoch: String = e.map { "\($0.epoch)/\($0.epochs)" } ?? "-"
            let error: String = e?.testError.map { Table4Format.percent($0) } ?? "-"
            let size: String = e.map { Table4Format.reduction(1 - $0.sizePercent / 100) } ?? "-"
            let batch: String = e.map { String($0.batchSize) } ?? "-"
            let rate: String = e?.samplesPerSecond.map { String(format: "%.0f", $0) } ?? "-"
            var row: [String] = [r.instance]
            row += values
            row += [node(r), phase, epoch, error, size, batch, rate]
            return row
        }
        return (header, rows)
    }

    // MARK: collect

    /// Columns and rows of the collected results (runs without `run.end` say how far they got).
    public func collectTable() -> (header: [String], rows: [[String]]) {
        let flags = varyingFlags
        let header = ["run"] + flags + ["status", "test error", "size", "total memory", "epochs", "node"]
        let rows = runs.map { r -> [String] in
            let s = r.end?.summary
            let error: String = s?["test_error"]?.doubleValue.map { Table4Format.percent($0) } ?? "-"
            var size = "-"
            if let bytes = s?["size_bytes"]?.intValue, let reduction = s?["size_reduction"]?.doubleValue {
                size = "\(Table4Format.bytes(Double(bytes))) (\(Table4Format.reduction(reduction)))"
            }
            let memory: String = s?["memory_total_bytes"]?.intValue.map { Table4Format.bytes(Double($0)) } ?? "-"
            let sofar: String = r.latest.map { "\($0.epoch) so far" } ?? "-"
            let epochs: String = s?["epochs_done"]?.intValue.map { String($0) } ?? sofar
            let status: String = r.end?.status ?? "not ended (\(r.phase))"
            var row: [String] = [r.instance]
            row += flags.map { r.value(ofFlag: $0) ?? "-" }
            row += [status, error, size, memory, epochs, node(r)]
            return row
        }
        return (header, rows)
    }

    /// An aligned text table.
    public static func text(_ table: (header: [String], rows: [[String]])) -> String {
        let all = [table.header] + table.rows
        let widths = table.header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { c, cell in c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// A Markdown table.
    public static func markdown(_ table: (header: [String], rows: [[String]])) -> String {
        (["| " + table.header.joined(separator: " | ") + " |", "|" + table.header.map { _ in "---" }.joined(separator: "|") + "|"]
            + table.rows.map { "| " + $0.joined(separator: " | ") + " |" }).joined(separator: "\n") + "\n"
    }

    /// Every run with its values, pod, node and summary.
    public func json() -> JSONValue {
        .object([
            "sweep": .string(sweep),
            "varying": .array(varyingFlags.map { .string($0) }),
            "runs": .array(runs.map { r in
                var flags = JSONObject()
                for (flag, variable) in SweepFlags.variables { if let v = r.values[variable] { flags[flag] = .string(v) } }
                var o: JSONObject = ["instance": .string(r.instance), "flags": .object(flags), "phase": .string(r.phase)]
                o["pod"] = r.pod.map { .string($0) } ?? .null
                o["node"] = r.node.map { .string($0) } ?? .null
                o["layer"] = r.layer.map { .string($0.rawValue) } ?? .null
                o["status"] = r.end.map { .string($0.status) } ?? .null
                o["summary"] = r.end.map { .object($0.summary) } ?? .null
                o["epoch"] = r.latest.map { .int($0.epoch) } ?? .null
                return .object(o)
            }),
        ])
    }
}
