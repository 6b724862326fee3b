import MarvelCore

/// The header line(s) above a run's charts: the run, its configuration (or, for the
/// embedded cluster's reduced runs, what it asked for and what it runs), its training
/// speed and how much it rose since the first epoch, the phase, and what it is compared with.
enum TrainingRunHeader {
    /// The header's parts, to be joined with " · ".
    static func parts(_ run: RunHistory, unicode u: Bool) -> [String] {
        var parts = [run.run]
        if let s = run.start {
            let model = s.model.hasPrefix("mlp-") ? String(s.model.dropFirst(4)) : s.model
            var config: [String] = []
            if let requested = s.extra["requested_arch"]?.stringValue {
                let place = s.extra["reduced_for"]?.stringValue ?? "a smaller run"
                parts.append("\(requested) reduced to \(model) for \(place)")
            } else {
                config += [s.model, s.dataset].filter { !$0.isEmpty }
            }
            if let mode = s.mode, !mode.isEmpty { config.append(mode) }
            if let l = s.lambda { config.append((u ? "λ=" : "lambda=") + ChartNumberFormat.trimmed(l, digits: 6)) }
            if let g = s.gamma { config.append((u ? "γ=" : "gamma=") + ChartNumberFormat.trimmed(g, digits: 4)) }
            if let a = s.alphaBS { config.append((u ? "α_bs=" : "alpha_bs=") + ChartNumberFormat.trimmed(a, digits: 4)) }
            if let b = s.budget { config.append("budget \(ChartNumberFormat.bytes(Double(b)))") }
            if let scaling = s.extra["lr_batch_scaling"]?.stringValue, scaling != "none" { config.append((u ? "lr∝batch " : "lr~batch ") + scaling) }
            if let ft = s.extra["finetune_epochs"]?.intValue, ft > 0 { config.append("+\(ft) fine-tuning") }
            parts.append(config.joined(separator: " "))
        }
        if let speed = speed(run, unicode: u) { parts.append(speed) }
        if run.latest?.phase == DynHPEpoch.finetunePhase { parts.append("fine-tuning (gates fixed)") }
        return parts
    }

    /// "48,212 samples/s ×2.4 since epoch 1" (the ratio once it is known and not 1).
    static func speed(_ run: RunHistory, unicode: Bool) -> String? {
        guard let latest = run.latest, let rate = latest.samplesPerSecond, rate > 0 else { return nil }
        var text = "\(grouped(Int(rate.rounded()))) samples/s"
        if let first = run.epochs.first(where: { ($0.samplesPerSecond ?? 0) > 0 }), first.epoch < latest.epoch,
           let base = first.samplesPerSecond {
            let ratio = rate / base
            text += " " + (unicode ? "×" : "x") + String(format: "%.1f", ratio) + " since epoch \(first.epoch)"
        }
        return text
    }

    /// 48212 → "48,212".
    static func grouped(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// `parts` joined with " · " into at most `maxLines` lines of `width`: a part that
    /// does not fit goes on with its words on the next line; the last line takes the rest.
    static func lines(_ parts: [String], width: Int, maxLines: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for part in parts where !part.isEmpty {
            var rest = part
            while !rest.isEmpty {
                let separator = current.isEmpty ? "" : " · "
                let candidate = current + separator + rest
                if DisplayWidth.of(candidate) <= width || lines.count + 1 >= maxLines {
                    current = candidate
                    break
                }
                // The words of `rest` that fit on this line; the others start the next.
                let words = rest.split(separator: " ").map(String.init)
                var line = current + separator
                var taken = 0
                for word in words {
                    let next = line + (taken == 0 ? "" : " ") + word
                    if DisplayWidth.of(next) > width { break }
                    line = next
                    taken += 1
                }
                if taken == 0 {
                    if current.isEmpty {
                        current = candidate
                        break
                    }
                    lines.append(current)
                    current = ""
                    continue
                }
                lines.append(line)
                current = ""
                rest = words.dropFirst(taken).joined(separator: " ")
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
