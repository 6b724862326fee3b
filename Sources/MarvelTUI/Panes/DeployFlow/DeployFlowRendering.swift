import Foundation
import MarvelCore

/// Drawing a deploy flow and naming its keys.
extension DeployFlow {
    /// The keys of the current step (from `ConsoleReference`).
    public func keyHelp(readOnly: Bool = false) -> [KeyHelp] {
        switch step {
        case .form where askingDiscard:
            return ConsoleReference.help(.deployDiscard, readOnly: readOnly)
        case .form:
            return ConsoleReference.help(.deployForm, readOnly: readOnly) { $0 == "secretField" && form.isSecret(at: form.focus) }
        case .preview:
            return ConsoleReference.help(.deployPreview, readOnly: readOnly, verb: verb) { $0 == (nodePick == nil ? "scrollKeys" : "nodePick") }
        case .confirm:
            return ConsoleReference.help(.deployConfirm, readOnly: readOnly, verb: verb)
        case .progress:
            return ConsoleReference.help(.deployProgress, readOnly: readOnly)
        }
    }

    /// Draws the current step into `rect`: the title, the step's note (a hint, a
    /// question, warnings; wrapped, never cut), then the form, preview or progress.
    public func render(in rect: Rect, on screen: any Screen, context: PaneContext) {
        guard rect.height > 0, rect.width > 0 else { return }
        screen.blank(rect)
        let (titleRow, rest) = rect.splitTop(1)
        screen.draw(" " + title, in: titleRow, style: TextStyle(.title, bold: true), pad: true)
        if step == .progress {
            let (messageRow, body) = rest.splitTop(1)
            drawProgress(in: body, messageRow: messageRow, on: screen, context: context)
            return
        }
        let note = TextWrap.lines(self.note(context: context), width: max(20, rect.width - 1), indent: 3)
        let (noteRows, body) = rest.splitTop(min(note.count, max(1, rest.height / 3)))
        TextViewer(lines: note).render(in: noteRows, on: screen)
        switch step {
        case .form: drawForm(in: body, on: screen)
        case .preview, .confirm: drawPreviewBody(in: body, on: screen, context: context)
        case .progress: break
        }
    }

    /// The line under the title: what to do next, the y/N question, or the warnings.
    func note(context: PaneContext) -> StyledLine {
        switch step {
        case .form where askingDiscard:
            return StyledLine(" Drop the values you typed and close the form? y/N", TextStyle(.statusWarn, bold: true))
        case .form:
            return StyledLine(" " + formHint, TextStyle(.dim))
        case .preview:
            let placeholders = form.placeholderWarnings
            if previewError == nil, !placeholders.isEmpty, !context.readOnly {
                return StyledLine(" ⚠ " + placeholders.joined(separator: "; ") + " — d \(verb)s anyway, Esc goes back", TextStyle(.statusWarn, bold: true))
            }
            if previewError != nil { return StyledLine(" the values do not render — Esc goes back to the form", TextStyle(.statusError, bold: true)) }
            if context.readOnly { return StyledLine(" read-only mode: a preview only — Esc goes back to the form", TextStyle(.dim)) }
            return StyledLine(" d or Enter to \(verb), Esc back to the form", TextStyle(.dim))
        case .confirm:
            return StyledLine(" " + question(context: context), TextStyle(.statusWarn, bold: true))
        case .progress:
            return .empty
        }
    }

    /// The flow's title for the current step.
    var title: String {
        switch step {
        case .form:
            if let instance = upgrading { return "Upgrade '\(instance.name)' (\(template.id), revision \(instance.revision))" }
            return "Deploy \(template.name) (\(template.id))"
        case .preview, .confirm:
            return "Preview: \(previewObjectCount) object\(previewObjectCount == 1 ? "" : "s") — \(template.id) as '\(instanceName)'"
        case .progress:
            return upgrading == nil ? "Deploying \(template.id) as '\(instanceName)'" : "Upgrading '\(instanceName)'"
        }
    }

    /// The placement (the panel above the manifests, or the full view after `p`) and the manifests.
    private func drawPreviewBody(in body: Rect, on screen: any Screen, context: PaneContext) {
        if showsPlacement {
            var viewer = placementViewer
            viewer.replaceLines(placementLines(context: context))
            viewer.render(in: body, on: screen)
            return
        }
        let panel = TextWrap.lines([PlacementPreviewText.heading(placement, nodePick: nodePick)]
            + PlacementPreviewText.compact(placementPreview(context: context)), width: max(20, body.width), indent: 6)
        let height = min(panel.count + 1, max(0, body.height / 2))
        let (top, rest) = body.splitTop(height)
        TextViewer(lines: panel).render(in: top, on: screen)
        preview.render(in: rest, on: screen)
    }

    private var formHint: String {
        form.isEmpty ? "this template has no values to set — Enter previews it" : "Enter previews the manifests, Esc cancels"
    }

    private func drawForm(in rect: Rect, on screen: any Screen) {
        let (fieldsArea, helpArea) = rect.splitBottom(min(2, max(0, rect.height - 1)))
        var view = form
        view.scrollToFocus(height: fieldsArea.height)
        let labels = form.variables.map { $0.label ?? $0.name }
        let labelWidth = min(28, max(8, labels.map(DisplayWidth.of).max() ?? 8))
        let valueWidth = max(10, min(32, (rect.width - labelWidth - 4) / 2))
        for line in 0..<fieldsArea.height {
            let index = view.offset + line
            guard index < form.variables.count else { break }
            let row = fieldsArea.line(line)
            let focused = index == form.focus
            var x = row.column
            x += screen.draw(focused ? " › " : "   ", row: row.row, column: x, width: 3, style: TextStyle(.keyHint, bold: true))
            screen.draw(labels[index], row: row.row, column: x, width: labelWidth, style: TextStyle(focused ? .normal : .dim, bold: focused))
            x += labelWidth + 1
            drawValue(index, focused: focused, row: row.row, column: x, width: min(valueWidth, row.right - x), on: screen)
            x += valueWidth + 2
            guard x < row.right else { continue }
            if let problem = form.violation(at: index) {
                screen.draw("✖ " + problem, row: row.row, column: x, width: row.right - x, style: TextStyle(.statusError, bold: true))
            } else if form.placeholderWarning(at: index) != nil {
                let what = form.texts[index].trimmingCharacters(in: .whitespaces).isEmpty ? "empty" : "a placeholder"
                screen.draw("⚠ \(what): set a real secret", row: row.row, column: x, width: row.right - x, style: TextStyle(.statusWarn, bold: true))
            } else if form.isSecret(at: index) {
                let hint = index == form.focus ? (form.revealed ? "secret · shown (Ctrl-R hides)" : "secret · Ctrl-R shows") : "secret"
                screen.draw(hint, row: row.row, column: x, width: row.right - x, style: TextStyle(.dim))
            } else {
                let variable = form.variables[index]
                let type = variable.effectiveType == .choice ? variable.choices.joined(separator: "|") : variable.effectiveType.rawValue
                let def = variable.defaultText.isEmpty ? "\"\"" : variable.defaultText
                screen.draw("default \(def) · \(type)", row: row.row, column: x, width: row.right - x, style: TextStyle(.dim))
            }
        }
        guard form.variables.indices.contains(form.focus), helpArea.height > 0 else { return }
        let variable = form.variables[form.focus]
        if let warning = form.placeholderWarning(at: form.focus), helpArea.height > 1 {
            screen.draw(" ⚠ " + warning, in: helpArea.line(helpArea.height - 2), style: TextStyle(.statusWarn, bold: true))
        }
        screen.draw(" \(variable.name): \(variable.help ?? "no help given")", in: helpArea.line(helpArea.height - 1), style: TextStyle(.flash))
    }

    private func drawValue(_ index: Int, focused: Bool, row: Int, column: Int, width: Int, on screen: any Screen) {
        guard width > 0 else { return }
        let variable = form.variables[index]
        let text = form.texts[index]
        let bad = form.violation(at: index) != nil
        switch variable.effectiveType {
        case .choice:
            screen.draw("‹ \(text) ›", row: row, column: column, width: width, style: TextStyle(bad ? .statusError : .normal, reverse: focused), pad: true)
        case .bool:
            let on = ["yes", "y", "true", "on"].contains(text.lowercased())
            screen.draw("[\(on ? "x" : " ")] \(text)", row: row, column: column, width: width, style: TextStyle(.normal, reverse: focused), pad: true)
        case .string, .int:
            let masked = form.isMasked(at: index)
            if focused {
                form.editor.render(row: row, column: column, width: width, on: screen, masked: masked)
            } else {
                let shown = masked ? String(repeating: "•", count: text.count) : text
                screen.draw(shown, row: row, column: column, width: width, style: TextStyle(bad ? .statusError : .normal, underline: true), pad: true)
            }
        }
    }

    private func drawProgress(in rect: Rect, messageRow: Rect, on screen: any Screen, context: PaneContext) {
        guard let job = job(context: context) else {
            screen.draw(" waiting for the backend…", in: messageRow, style: TextStyle(.statusPending))
            return
        }
        let mask = secretMask
        var lines = job.progress.map { StyledLine("  " + mask.text($0)) }
        switch job.outcome {
        case .running:
            screen.draw(" working… (Esc closes this view; the action goes on)", in: messageRow, style: TextStyle(.statusPending))
        case .succeeded(let line):
            screen.draw(" ✔ done", in: messageRow, style: TextStyle(.statusOK, bold: true))
            lines.append(StyledLine("✔ " + mask.text(line), TextStyle(.statusOK, bold: true)))
            lines.append(StyledLine("press any key to close", TextStyle(.dim)))
        case .failed(let line):
            screen.draw(" ✖ \(verb) failed", in: messageRow, style: TextStyle(.statusError, bold: true))
            lines.append(StyledLine("✖ " + mask.text(line), TextStyle(.statusError, bold: true)))
            lines.append(StyledLine("press any key to go back to the form (the values are kept)", TextStyle(.dim)))
        }
        var viewer = TextViewer(lines: TextWrap.lines(lines, width: max(20, rect.width), indent: 4))
        viewer.scroll(by: viewer.lines.count, height: rect.height)
        viewer.render(in: rect, on: screen)
    }
}
