import MarvelCore

/// The logs view's rows (prefixes, timestamps, highlights, wrapping) and drawing.
extension ServiceLogsView {
    /// Reads new lines from the stream and turns them into rows for `width` columns;
    /// while following, scrolls to the newest. Only new lines are converted when
    /// nothing else changed.
    public mutating func update(width: Int, height: Int) {
        reading = stream.read()
        let want = BuiltRows(dropped: reading.dropped, count: reading.lines.count, width: width, wraps: wraps,
                             timestamps: showsTimestamps, search: search?.text)
        if built != want {
            var from = 0
            if let old = built, old.dropped == want.dropped, old.width == want.width, old.wraps == want.wraps,
                old.timestamps == want.timestamps, old.search == want.search, old.count <= want.count
            {
                from = old.count
            } else {
                viewer.replaceLines([])
                rowStart = []
                matchLines = []
                matchIndex = nil
            }
            var rows = viewer.lines
            let matcher = search?.matcher()
            for index in from..<reading.lines.count {
                let line = styled(reading.lines[index])
                var ranges: [Range<Int>] = []
                if let matcher {
                    ranges = matcher(line.plainText)
                    if !ranges.isEmpty { matchLines.append(index) }
                }
                let lit = line.highlighting(ranges, style: TextStyle(.flash, reverse: true))
                rowStart.append(rows.count)
                rows += wraps ? TextWrap.lines(lit, width: max(10, width), indent: 2) : [lit]
            }
            viewer.replaceLines(rows)
            built = want
        }
        if following { viewer.scroll(by: viewer.lines.count, height: height) }
    }

    /// One line as shown: the timestamp (when on), the stream's name, the text.
    func styled(_ line: LogLine) -> StyledLine {
        var spans: [StyledSpan] = []
        if showsTimestamps, !line.timestamp.isEmpty { spans.append(StyledSpan(line.timestamp + " ", TextStyle(.dim))) }
        if !line.source.isEmpty { spans.append(StyledSpan("[\(line.source)] ", TextStyle(.keyHint))) }
        spans.append(StyledSpan(ServiceDetail.oneLine(line.text)))
        return StyledLine(spans)
    }

    /// Draws the title, the lines, and the prompt or picker at the bottom.
    public func render(in rect: Rect, on screen: any Screen) {
        let (top, rest) = rect.splitTop(1)
        let role: StyleRole
        switch reading.state {
        case .following, .connecting: role = following ? .statusOK : .statusPending
        case .reconnecting: role = .statusWarn
        case .ended: role = .dim
        case .failed: role = .statusError
        }
        screen.blank(top)
        screen.draw(title, in: top, style: TextStyle(role, bold: true))
        var bottomRows = 0
        if let picker { bottomRows = min(picker.choices.count + 1, max(1, rest.height / 2)) }
        if prompt != nil { bottomRows = 1 }
        let (body, bottom) = rest.splitBottom(bottomRows)
        if viewer.lines.isEmpty {
            screen.blank(body)
            let note: String
            switch reading.state {
            case .connecting, .following: note = "waiting for log lines…"
            case .reconnecting: note = "no log lines yet — the follower retries by itself"
            case .ended, .failed: note = "no log lines"
            }
            screen.draw(note, in: body.line(0), style: TextStyle(.dim))
        } else {
            viewer.render(in: body, on: screen)
        }
        if let picker {
            var list = TextViewer(lines: picker.lines())
            list.scroll(by: max(0, picker.selection + 2 - bottom.height), height: bottom.height)
            list.render(in: bottom, on: screen)
        }
        switch prompt {
        case .search(let field)?, .save(let field)?:
            field.render(row: bottom.row, column: bottom.column, width: bottom.width, on: screen)
        case nil:
            break
        }
    }
}
