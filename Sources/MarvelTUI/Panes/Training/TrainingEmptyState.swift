/// What the Training pane says while it has no runs: how to get some,
/// as a left-aligned block centred in the pane, then any source problems.
enum TrainingEmptyState {
    static func lines(problems: [String], hasSource: Bool) -> [StyledSpan] {
        var lines = [
            StyledSpan("No training runs yet.", TextStyle(.title, bold: true)),
            StyledSpan(""),
            StyledSpan("Train locally and save the metrics:", TextStyle(.normal)),
            StyledSpan("  marvdash dynhp train --dataset synthetic --epochs 10 > run.jsonl", TextStyle(.keyHint)),
            StyledSpan("then watch them here:", TextStyle(.normal)),
            StyledSpan("  marvdash --metrics run.jsonl", TextStyle(.keyHint)),
            StyledSpan("or deploy the \"DynHP training\" template (tab 3): its pods show up here.", TextStyle(.normal)),
        ]
        if !hasSource { lines.append(StyledSpan("(this console follows no metrics source)", TextStyle(.dim))) }
        if !problems.isEmpty { lines.append(StyledSpan("")) }
        for p in problems { lines.append(StyledSpan("✖ " + p, TextStyle(.statusWarn))) }
        return lines
    }

    static func draw(problems: [String], hasSource: Bool, in rect: Rect, on screen: any Screen) {
        let lines = lines(problems: problems, hasSource: hasSource)
        let width = min(rect.width, lines.map { DisplayWidth.of($0.text) }.max() ?? 0)
        let area = rect.centered(width: width, height: lines.count)
        for (i, span) in lines.enumerated() where i < area.height {
            screen.draw(span.text, in: area.line(i), style: span.style)
        }
    }
}
