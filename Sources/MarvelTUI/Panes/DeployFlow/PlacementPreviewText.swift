import MarvelCore

/// The lines the deploy preview shows about placement: a short panel above
/// the manifests (chosen nodes, the next alternatives, the scheduler-style
/// summary) and a full view (`p`) with every alternative's score and every
/// rejected node's reasons.
public enum PlacementPreviewText {
    /// How many ranked alternatives are listed per workload.
    public static let alternatives = 5

    /// The heading line: the placement and the keys that change it.
    public static func heading(_ placement: ConsolePlacement, nodePick: (index: Int, count: Int)?) -> StyledLine {
        var spans = [StyledSpan("Placement: ", TextStyle(.title, bold: true)), StyledSpan(placement.description, TextStyle(.normal, bold: true))]
        if let pick = nodePick { spans.append(StyledSpan("  (j/k pick the node: \(pick.index + 1)/\(pick.count))", TextStyle(.keyHint))) }
        spans.append(StyledSpan("  m mode · o policy · p placement/manifests", TextStyle(.dim)))
        return StyledLine(spans)
    }

    /// The short panel: state lines, or per workload the choice, the next alternatives and the summary.
    public static func compact(_ preview: PlacementPreview) -> [StyledLine] {
        switch preview {
        case .decided(let decision):
            return decision.workloads.flatMap { w -> [StyledLine] in
                var lines = [chosen(w)] + imageLines(w.evaluation)
                let next = w.evaluation.ranked.filter { !w.nodes.contains($0.node) }.prefix(alternatives)
                if !next.isEmpty {
                    lines.append(StyledLine("    next: " + next.map { "\($0.node) \($0.score?.total ?? 0)" }.joined(separator: " · "), TextStyle(.dim)))
                }
                lines.append(StyledLine("    " + summaryText(w.evaluation), TextStyle(.dim)))
                lines += dedicationLines(w.evaluation)
                return lines
            }
        default:
            return state(preview)
        }
    }

    /// The full view: for each workload the choice, the ranked alternatives with scores and layers, every rejection.
    public static func full(_ preview: PlacementPreview) -> [StyledLine] {
        guard case .decided(let decision) = preview else { return state(preview) }
        var lines: [StyledLine] = []
        if let plan = decision.plan {
            lines.append(StyledLine("  plan: \(plan.method.rawValue)\(plan.optimal ? " (optimal)" : ""), cost \(plan.cost)", TextStyle(.dim)))
        }
        for w in decision.workloads {
            lines.append(chosen(w))
            lines += imageLines(w.evaluation)
            let next = w.evaluation.ranked.filter { !w.nodes.contains($0.node) }.prefix(alternatives)
            lines.append(StyledLine("    alternatives (best first):", TextStyle(.header, bold: true)))
            if next.isEmpty { lines.append(StyledLine("      none", TextStyle(.dim))) }
            for v in next {
                lines.append(StyledLine("      \(v.node)  \(v.layer.rawValue)\(v.site.isEmpty ? "" : " · \(v.site)")  score \(v.score?.total ?? 0)"
                    + (v.score.map { " (\(breakdown($0)))" } ?? "")))
            }
            let rejected = w.evaluation.verdicts.filter { !$0.feasible }
            lines.append(StyledLine("    rejected (\(rejected.count) of \(w.evaluation.verdicts.count)):", TextStyle(.header, bold: true)))
            for v in rejected {
                lines.append(StyledLine([
                    StyledSpan("      \(v.node)  \(v.layer.rawValue)  ", TextStyle(.normal)),
                    StyledSpan(v.reasons.joined(separator: "; "), TextStyle(.statusWarn)),
                ]))
                if let hint = v.tolerationHint { lines.append(StyledLine("        " + hint, TextStyle(.keyHint))) }
            }
            lines.append(StyledLine("    " + summaryText(w.evaluation), TextStyle(.dim)))
        }
        return lines
    }

    /// "  StatefulSet/kafka → fog-1 ×2, fog-2 (fog, score 812)".
    static func chosen(_ w: WorkloadDecision) -> StyledLine {
        var counts: [String: Int] = [:]
        for n in w.nodes { counts[n, default: 0] += 1 }
        let nodes = counts.keys.sorted().map { counts[$0] == 1 ? $0 : "\($0) ×\(counts[$0] ?? 0)" }.joined(separator: ", ")
        var detail: [String] = []
        if let layer = w.layer { detail.append(layer.rawValue) }
        if let score = w.score { detail.append("score \(score)") }
        return StyledLine([
            StyledSpan("  \(w.component) → ", TextStyle(.normal)),
            StyledSpan(nodes.isEmpty ? "no node" : nodes, TextStyle(.statusOK, bold: true)),
            StyledSpan(detail.isEmpty ? "" : " (\(detail.joined(separator: ", ")))", TextStyle(.normal)),
        ])
    }

    /// The registry's word on the workload's images: their platforms, or that they could not be checked.
    static func imageLines(_ e: ComponentEvaluation) -> [StyledLine] {
        ComponentImage.notes(e.images).map { note in
            StyledLine("    " + note, TextStyle(note.contains("could not be checked") ? .statusWarn : .dim))
        }
    }

    /// "grnedge1 (Layer=GRNEDGE1:NoSchedule) is dedicated: to use it, tolerate its taint with --tolerate …".
    static func dedicationLines(_ e: ComponentEvaluation) -> [StyledLine] {
        e.dedicationHint.map { [StyledLine("    " + $0, TextStyle(.keyHint))] } ?? []
    }

    static func summaryText(_ e: ComponentEvaluation) -> String {
        e.summary + (e.nearestMiss.map { " Nearest miss: \($0)." } ?? "")
    }

    static func breakdown(_ s: NodeScore) -> String {
        var parts = ["taint \(s.taintToleration)", "affinity \(s.nodeAffinity)", "spread \(s.spread)", "resources \(s.resources)", "balanced \(s.balanced)"]
        if s.layerBonus != 0 { parts.append("layer +\(s.layerBonus)") }
        if s.imageLocality != 0 { parts.append("image \(s.imageLocality)") }
        if s.accelerators != 100 { parts.append("accelerators \(s.accelerators)") }
        if let above = s.usageAboveRequests { parts.append("usage +\(above)% over requests") }
        return parts.joined(separator: ", ")
    }

    /// Lines for a preview that is not a decision.
    static func state(_ preview: PlacementPreview) -> [StyledLine] {
        switch preview {
        case .decided: return []
        case .unavailable(let why): return [StyledLine("  " + why, TextStyle(.dim))]
        case .pending: return [StyledLine("  computing where it would run…", TextStyle(.statusPending))]
        case .failed(let why): return [StyledLine("  ✖ placement could not be computed: \(why)", TextStyle(.statusError, bold: true))]
        case .refused(let why):
            return [
                StyledLine("  ✖ " + why, TextStyle(.statusError, bold: true)),
                StyledLine("  deploying is refused — m or o change the placement, Esc goes back to the form", TextStyle(.statusWarn)),
            ]
        }
    }
}
