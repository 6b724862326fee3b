/// Renders a `Table4Result` as an aligned text table, as Markdown (README's Table 4 is
/// this output pasted verbatim) or as JSON with every run's numbers.
public struct Table4Report: Sendable {
    public var result: Table4Result

    public init(_ result: Table4Result) { self.result = result }

    static let header = ["row", "test error", "model size", "total memory", "seed's Table 4"]

    /// The cells of each row: label, error, size (reduction), memory (vs SP), seed.
    func cells() -> [[String]] {
        result.rows.map { r in
            let size = "\(Table4Format.bytes(r.sizeBytes.mean)) (\(Table4Format.reduction(r.sizeReduction)))"
            var memory = Table4Format.bytes(r.memoryTotalBytes.mean)
            if let vs = result.memoryReduction(of: r) { memory += " (\(Table4Format.reduction(vs)) vs SP)" }
            return [r.row.label, Table4Format.percent(r.testError), size, memory, r.row.seed.text]
        }
    }

    private var seedsText: String {
        let seeds = Array(Set(result.rows.flatMap { $0.runs.map(\.seed) })).sorted()
        guard let first = seeds.first, let last = seeds.last else { return "no runs" }
        if seeds.count == 1 { return "seed \(first)" }
        let contiguous = seeds == Array(first...last)
        return "seeds " + (contiguous ? "\(first)–\(last)" : seeds.map(String.init).joined(separator: ", "))
            + ", mean ± sample standard deviation"
    }

    /// An aligned plain-text table, then each row's flags.
    public func text() -> String {
        let rows = [Self.header] + cells()
        let widths = Self.header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        var lines = rows.enumerated().map { i, row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                let right = c >= 1 && c <= 3 && i > 0
                return right ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        lines.insert("Table 4 (\(seedsText)): \(result.command)", at: 0)
        lines.append("")
        lines += footnotes().map { "  " + $0.text + ($0.code.map { " " + $0 } ?? "") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Markdown table with the command that made it and each row's flags.
    public func markdown() -> String {
        var lines = [
            "Measured with `\(result.command)` (\(seedsText)):", "",
            "| " + Self.header.joined(separator: " | ") + " |",
            "|---|---:|---:|---:|---|",
        ]
        lines += cells().map { "| " + $0.joined(separator: " | ") + " |" }
        lines.append("")
        lines += footnotes().map { "- " + $0.text + ($0.code.map { " `" + $0 + "`" } ?? "") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The notes under the table: a text and, where there is one, the command or flags it names.
    private func footnotes() -> [(text: String, code: String?)] {
        var notes: [(text: String, code: String?)] = [
            ("every row runs", "marvdash dynhp train \(result.sharedFlags.joined(separator: " ")) --seed S"),
        ]
        for r in result.rows { notes.append(("\(r.row.label) adds", r.flags.joined(separator: " "))) }
        notes.append(("model size: float32 weights and biases of the final compact model; total memory: memory_total_bytes, "
                      + "the sum over the training steps of the memory model (the seed's \"total memory usage\")", nil))
        return notes
    }

    /// Every run and every summary as one JSON document.
    public func json() -> JSONValue {
        .object([
            "table": "seed Table 4 (Fashion-MNIST)",
            "command": .string(result.command),
            "shared_flags": .array(result.sharedFlags.map { .string($0) }),
            "rows": .array(result.rows.map { r in
                var o: JSONObject = [
                    "id": .string(r.row.id), "label": .string(r.row.label),
                    "flags": .array(r.flags.map { .string($0) }),
                    "test_error": Self.json(r.testError), "size_reduction": Self.json(r.sizeReduction),
                    "size_bytes": Self.json(r.sizeBytes), "memory_total_bytes": Self.json(r.memoryTotalBytes),
                    "runs": .array(r.runs.map { m in
                        var run: JSONObject = [
                            "seed": .int(Int(clamping: m.seed)), "test_error": .double(m.testError), "params": .int(m.params),
                            "params_initial": .int(m.paramsInitial), "size_bytes": .int(m.sizeBytes),
                            "size_reduction": .double(m.sizeReduction), "memory_total_bytes": .int(m.memoryTotalBytes),
                            "seconds": .double(m.seconds),
                        ]
                        if let log = m.log { run["log"] = .string(log) }
                        return .object(run)
                    }),
                ]
                o["memory_reduction_vs_sp"] = result.memoryReduction(of: r).map { .double($0) } ?? .null
                var seed: JSONObject = ["test_error": .double(r.row.seed.testError)]
                seed["size_reduction"] = r.row.seed.sizeReduction.map { .double($0) } ?? .null
                seed["memory_reduction_vs_sp"] = r.row.seed.memoryReduction.map { .double($0) } ?? .null
                if let s = r.row.seed.sizeText { seed["size"] = .string(s) }
                if let m = r.row.seed.memoryText { seed["memory"] = .string(m) }
                o["seed"] = .object(seed)
                return .object(o)
            }),
        ])
    }

    private static func json(_ v: MeanSpread) -> JSONValue {
        .object(["mean": v.mean.isFinite ? .double(v.mean) : .null, "sd": .double(v.spread), "n": .int(v.count)])
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
