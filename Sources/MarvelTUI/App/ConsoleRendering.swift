import Foundation

/// Drawing a frame of the console.
extension Console {
    /// Draws a whole frame: title bar, tab bar, the active pane, the status
    /// line and any overlay; or the "terminal too small" screen. Flushes.
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
        viewport = Self.bodyRect(rows: rows, columns: columns)
        let context = context()
        panes[activeIndex].update(context)

        TitleBar.draw(row: 0, width: columns, options: options, connection: state.connection, now: now, on: screen)
        TabBar.draw(titles: panes.map(\.title), active: activeIndex, row: 1, width: columns, on: screen)
        activePane.render(in: viewport, on: screen, context: context)
        if case .help(let viewer) = mode {
            HelpOverlay.draw(viewer, in: viewport, on: screen)
        }
        drawStatusLine(row: rows - 1, width: columns, now: now, on: screen)
        screen.flush()
    }

    private func drawTooSmall(on screen: any Screen) {
        let area = Rect(screen: screen)
        let message = "terminal too small: need \(Self.minimumColumns)x\(Self.minimumRows), have \(screen.columns)x\(screen.rows)"
        CenteredMessage.draw([StyledSpan(message, TextStyle(.statusWarn, bold: true)),
                              StyledSpan("q quits", TextStyle(.dim))], in: area, on: screen)
    }

    private func drawStatusLine(row: Int, width: Int, now: Date, on screen: any Screen) {
        screen.fill(row: row, column: 0, count: width, character: " ", style: .normal)
        switch mode {
        case .filter(let field), .command(let field):
            field.render(row: row, column: 0, width: width, on: screen)
            return
        case .help, .normal:
            break
        }
        if var shown = flash {
            if shown.shownAt == nil { shown.shownAt = now }
            if let at = shown.shownAt, now.timeIntervalSince(at) <= Self.flashSeconds {
                flash = shown
                screen.draw(" " + shown.text, row: row, column: 0, width: width,
                            style: TextStyle(shown.isError ? .statusError : .flash, bold: shown.isError))
                return
            }
            flash = nil
        }
        var used = 1
        var hints: [KeyHelp]
        if isHelpOpen {
            // The overlay takes the keys: say how to scroll and close it, not the pane's keys.
            hints = [KeyHelp("j/k ↑/↓", "scroll"), KeyHelp("Esc ?", "close"), KeyHelp("q", "quit")]
        } else {
            hints = activePane.keyHelp(readOnly: options.readOnly).filter { $0.hint && !(options.readOnly && $0.mutates) }
            // While a form or a question takes every key, `?` and `q` are typed, not commands.
            if !paneCapturesKeys { hints += [KeyHelp("?", "help"), KeyHelp("q", "quit")] }
        }
        let filter = activePane.filter
        let filterNote = filter.isEmpty ? "" : "filter: \(filter) "
        let room = width - DisplayWidth.of(filterNote)
        for hint in hints where used < room {
            used += screen.draw(hint.keys, row: row, column: used, width: room - used, style: TextStyle(.keyHint, bold: true))
            used += screen.draw(" \(hint.action)  ", row: row, column: used, width: room - used, style: TextStyle(.dim))
        }
        if !filterNote.isEmpty {
            screen.draw(filterNote, row: row, column: room, width: width - room, style: TextStyle(.flash))
        }
    }
}
