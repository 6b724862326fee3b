import Foundation

/// One line of `marvdash bench`: a measurement next to its budget. For a time or a size the
/// budget is a ceiling; for a rate (`higherIsBetter`) it is a floor. The ratio is always
/// "how many times within budget": ≥ 1 meets it.
struct BenchRow: Sendable {
    var name: String
    var measured: Double
    var budget: Double
    var unit: String
    var higherIsBetter = false
    /// A measurement of something else (numpy, kube-scheduler) printed for comparison, or one
    /// with nothing to compare with yet (budget 0: no budget or ratio is printed); it has no
    /// verdict of its own.
    var isReference = false

    var ratio: Double {
        if higherIsBetter { return budget > 0 ? measured / budget : .infinity }
        return measured > 0 ? budget / measured : .infinity
    }

    /// The table `marvdash bench` prints.
    static func format(_ rows: [BenchRow]) -> String {
        let nameWidth = rows.map(\.name.count).max() ?? 10
        let unitWidth = max(3, rows.map(\.unit.count).max() ?? 3)
        var out = "measure".padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            + "      measured        budget   ratio\n"
        for r in rows {
            let verdict = r.isReference ? "reference" : r.ratio >= 1 ? "ok" : (r.higherIsBetter ? "BELOW BUDGET" : "OVER BUDGET")
            let unit = r.unit.padding(toLength: unitWidth, withPad: " ", startingAt: 0)
            out += r.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            out += String(format: "  %10.2f ", r.measured) + unit
            if r.isReference && r.budget == 0 {
                // Nothing to compare with yet: no budget and no ratio, never a made-up one.
                out += String(repeating: " ", count: 12 + unitWidth + 12) + verdict + "\n"
                continue
            }
            out += String(format: " %10.0f ", r.budget) + unit
            out += (r.higherIsBetter ? " ≥" : " ≤") + String(format: " %6.1fx  ", r.ratio) + verdict + "\n"
        }
        return out
    }
}
