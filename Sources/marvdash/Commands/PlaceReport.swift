import MarvelCore

/// The text and JSON the what-if commands print: per workload the chosen
/// nodes, the ranked alternatives with their scores, and every rejected node's reason.
enum PlaceReport {
    /// Columns padded to the widest cell, two spaces apart.
    static func table(_ rows: [[String]], indent: String = "  ") -> String {
        guard let first = rows.first else { return "" }
        let widths = first.indices.map { i in rows.map { i < $0.count ? $0[i].count : 0 }.max() ?? 0 }
        return rows.map { row in
            indent + row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    static func evaluation(_ e: ComponentEvaluation, chosen: [String]) -> String {
        var out = ""
        if !chosen.isEmpty {
            out += "\(e.component) → \(chosen.joined(separator: ", "))\n"
        } else {
            out += "\(e.component): no node\n"
        }
        out += "  \(e.summary)\n"
        if let miss = e.nearestMiss { out += "  nearest miss: \(miss)\n" }
        for note in ComponentImage.notes(e.images) { out += "  \(note)\n" }
        if !e.ranked.isEmpty {
            let usage = e.ranked.contains { $0.score?.usageAboveRequests != nil }
            var rows = [["RANK", "NODE", "LAYER", "SITE", "SCORE", "TAINT", "AFFINITY", "SPREAD", "RESOURCES", "BALANCED", "LAYER+", "IMAGE", "ACCEL"]
                + (usage ? ["USED>REQ"] : [])]
            for (i, v) in e.ranked.enumerated() {
                guard let s = v.score else { continue }
                rows.append([
                    String(i + 1), v.node, v.layer.rawValue, v.site.isEmpty ? "-" : v.site, String(s.total), String(s.taintToleration),
                    String(s.nodeAffinity), String(s.spread), String(s.resources), String(s.balanced), String(s.layerBonus),
                    String(s.imageLocality), String(s.accelerators),
                ] + (usage ? ["\(s.usageAboveRequests ?? 0)%"] : []))
            }
            out += table(rows)
        }
        let rejected = e.verdicts.filter { !$0.feasible }
        if !rejected.isEmpty {
            var rows = [["REJECTED", "LAYER", "SITE", "REASON"]]
            for v in rejected { rows.append([v.node, v.layer.rawValue, v.site.isEmpty ? "-" : v.site, v.reasons.joined(separator: "; ")]) }
            out += table(rows)
        }
        if let hint = e.dedicationHint { out += "  \(hint)\n" }
        return out
    }

    static func evaluationJSON(_ e: ComponentEvaluation, chosen: [String], score: Int?) -> JSONValue {
        var o = e.json.objectValue ?? JSONObject()
        o["nodes"] = .array(chosen.map(JSONValue.string))
        if let score { o["score"] = .int(score) }
        return .object(o)
    }

    static func planLine(_ plan: PlacementPlan) -> String {
        let how = plan.method == .exact ? (plan.optimal ? "exact search, proved optimal" : "exact search, budget reached") : "heuristic"
        return "policy \(plan.policy), \(how), cost \(plan.cost) (\(plan.steps) steps)"
    }
}
