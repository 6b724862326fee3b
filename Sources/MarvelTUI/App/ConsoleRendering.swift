import Foundation

/// Drawing a frame of the console.
extension Console {
    /// Draws a whole frame: title bar, tab bar, the active pane, any overlay,
    /// the message area and the status line; or the "terminal too small"
    /// screen. Flushes.
    public func render(on screen: any Screen, now: Date) {
        sync()
        screen.clear()
        let rows = screen.rows
        let columns = screen.columns
        if rows < Self.minimumRows || columns < Self.minimumColumns {
            drawTooSmall(on: screen)
            screen.flush()
            return
        }
        let hints = statusHints()
        let prompting = inputLine != nil
        let area = MessageArea.layout(
            messages.shown(at: now), width: columns, screenRows: rows,
            hintsWidth: prompting ? columns : Self.hintsWidth(hints), historyKey: !paneCapturesKeys && !prompting)
        viewport = Self.bodyRect(rows: rows, columns: columns, messageRows: area.rows.count)
        var context = context()
        context.now = now
        panes[activeIndex].update(context)

        TitleBar.draw(row: 0, width: columns, options: options, connection: state.connection, now: now, notes: state.notes, on: screen)
        TabBar.draw(titles: panes.map(\.title), active: activeIndex, row: 1, width: columns, on: screen)
        activePane.render(in: viewport, on: screen, context: context)
        switch mode {
        case .help(let lines, var viewer):
            viewer.replaceLines(HelpOverlay.viewer(for: lines, in: viewport).lines)
            mode = .help(lines, viewer)
            HelpOverlay.draw(viewer, in: viewport, on: screen)
        case .messages(var viewer):
            viewer.replaceLines(MessageHistoryView.lines(messages.history, width: viewport.width, timeZone: options.timeZone))
            mode = .messages(viewer)
            drawMessageHistory(viewer, on: screen)
        default:
            break
        }
        for (i, line) in area.rows.enumerated() {
            let row = viewport.bottom + i
            screen.fill(row: row, column: 0, count: columns, character: " ", style: .normal)
            screen.draw(line, row: row, column: 0, width: columns)
        }
        drawStatusLine(row: rows - 1, width: columns, hints: hints, beside: area.beside, on: screen)
        screen.flush()
    }

    private func drawTooSmall(on screen: any Screen) {
        let area = Rect(screen: screen)
        let message = "terminal too small: need \(Self.minimumColumns)x\(Self.minimumRows), have \(screen.columns)x\(screen.rows)"
        CenteredMessage.draw([StyledSpan(message, TextStyle(.statusWarn, bold: true)),
                              StyledSpan("q quits", TextStyle(.dim))], in: area, on: screen)
    }

    private func drawMessageHistory(_ viewer: TextViewer, on screen: any Screen) {
        let (top, body) = viewport.splitTop(1)
        screen.blank(top)
        let count = messages.history.count
        screen.draw("Messages of this session (\(count)) — newest last; Esc, ! or q closes", in: top, style: TextStyle(.title, bold: true),
                    pad: true)
        viewer.render(in: body, on: screen)
    }

    /// The status line's hints for what is on screen now.
    func statusHints() -> [KeyHelp] {
        switch mode {
        case .help: return ConsoleReference.help(.help)
        case .messages: return ConsoleReference.help(.messages)
        case .filter, .command: return []
        case .normal: break
        }
        var hints = activePane.keyHelp(readOnly: options.readOnly).filter { $0.hint && !(options.readOnly && $0.mutates) }
        // While a form or a question takes every key, `?` and `q` are typed, not commands.
        if !paneCapturesKeys {
            hints.append(KeyHelp("?", "help"))
            // The view may name q itself ("Esc q back"); else q goes back from a view, quits from a list.
            if !hints.contains(where: { $0.keys.split(separator: " ").contains("q") }) {
                hints.append(KeyHelp("q", activePane.isSubViewOpen ? "back" : "quit"))
            }
        }
        return hints
    }

    /// The columns the hints take ("keys action" and two spaces each, after one leading space).
    static func hintsWidth(_ hints: [KeyHelp]) -> Int {
        hints.reduce(1) { $0 + DisplayWidth.of($1.keys) + 1 + DisplayWidth.of($1.hintText) + 2 }
    }

    private func drawStatusLine(row: Int, width: Int, hints: [KeyHelp], beside: StyledSpan?, on screen: any Screen) {
        screen.fill(row: row, column: 0, count: width, character: " ", style: .normal)
        switch mode {
        case .filter(let field):
            field.render(row: row, column: 0, width: width, on: screen)
            return
        case .command(let line):
            line.render(row: row, column: 0, width: width, on: screen)
            return
        default:
            break
        }
        // A pane's filter is named while its list shows (not in its forms and previews).
        let pane = activePane
        let filterNote = pane.acceptsFilter && !pane.filter.isEmpty ? "filter: \(pane.filter) " : ""
        let besideWidth = beside.map { DisplayWidth.of($0.text) + 2 } ?? 0
        let room = width - DisplayWidth.of(filterNote) - besideWidth
        var used = 1
        for hint in hints {
            // A hint is shown whole or not at all (a cut one reads as a different key).
            let need = DisplayWidth.of(hint.keys) + 1 + DisplayWidth.of(hint.hintText)
            guard used + need <= room else { break }
            used += screen.draw(hint.keys, row: row, column: used, width: room - used, style: TextStyle(.keyHint, bold: true))
            used += screen.draw(" \(hint.hintText)  ", row: row, column: used, width: room - used, style: TextStyle(.dim), ellipsis: false)
        }
        if !filterNote.isEmpty {
            screen.draw(filterNote, row: row, column: room, width: DisplayWidth.of(filterNote), style: TextStyle(.flash))
        }
        if let beside {
            let w = DisplayWidth.of(beside.text)
            screen.draw(beside.text, row: row, column: width - w - 1, width: w, style: beside.style)
        }
    }
}
