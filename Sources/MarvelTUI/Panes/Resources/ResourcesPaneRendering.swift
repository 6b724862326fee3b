import Foundation
import MarvelCore

/// Drawing the resource views: a title row ("Pods(kube-system)[12] · sort
/// AGE ↑ · -l app=kafka"), the table, or the open sub-view.
extension ResourcesPane {
    public func render(in rect: Rect, on screen: any Screen, context: PaneContext) {
        screen.blank(rect)
        let (top, body) = rect.splitTop(1)
        switch sub {
        case .describe(let row, let viewer, _, _)?:
            drawTitle("Describe \(kind?.kind ?? "")/\(row.name)" + (row.namespace.isEmpty ? "" : " in \(row.namespace)") + " — Esc or q back", in: top, on: screen)
            viewer.render(in: body, on: screen)
        case .yaml(let row, let viewer, let revealed)?:
            var title = "YAML \(kind?.kind ?? "")/\(row.name)"
            if row.isSecret(kind) { title += revealed ? " — data shown (x masks it)" : " — data masked (x shows it)" }
            drawTitle(title + " — Esc or q back", in: top, on: screen)
            viewer.render(in: body, on: screen)
        case .logs(let logs)?:
            logs.render(in: rect, on: screen)
        case .confirm(let row, let action)?:
            renderList(in: rect, on: screen, context: context)
            let question = "\(action.phrase(kind ?? .pods, namespace: row.namespace, name: row.name))? y/N"
            let line = rect.line(rect.height - 1)
            screen.blank(line, style: TextStyle(.statusWarn, bold: true))
            screen.draw(question, in: line, style: TextStyle(.statusWarn, bold: true))
        case .scale(_, let field)?:
            renderList(in: rect, on: screen, context: context)
            let line = rect.line(rect.height - 1)
            screen.blank(line)
            field.render(row: line.row, column: line.column, width: line.width, on: screen)
        case nil:
            renderList(in: rect, on: screen, context: context)
        }
    }

    private func drawTitle(_ text: String, in rect: Rect, on screen: any Screen) {
        screen.blank(rect)
        screen.draw(text, in: rect, style: TextStyle(.title, bold: true))
    }

    /// "Pods(kube-system)[12]" with the sort and label selector.
    public var heading: String {
        if let contexts { return "Contexts[\(contexts.entries.count)] — Enter switches" }
        guard let query else { return "Resources" }
        var text = query.kind.plural
        if query.kind.namespaced { text += "(\(query.namespace ?? "all"))" }
        text += "[\(shown.count)]"
        if let sort { text += " · sort \(sort.column) \(sort.descending ? "↓" : "↑")" }
        if let selector = query.labelSelector { text += " · -l \(selector)" }
        if query.kind == .namespaces { text += " — Enter switches the namespace" }
        return text
    }

    func renderList(in rect: Rect, on screen: any Screen, context: PaneContext) {
        let (top, body) = rect.splitTop(1)
        drawTitle(heading, in: top, on: screen)
        guard contexts != nil || query != nil else {
            CenteredMessage.draw([
                StyledSpan("no resource view open", TextStyle(.dim)),
                StyledSpan(":po pods · :deploy · :svc · :ns namespaces · :ctx contexts — :help lists them", TextStyle(.keyHint)),
            ], in: body, on: screen)
            return
        }
        if contexts == nil, context.resources == nil {
            CenteredMessage.draw([StyledSpan("resource views need a cluster connection", TextStyle(.dim))], in: body, on: screen)
            return
        }
        let (tableRect, errorRect) = body.splitBottom(data.error == nil ? 0 : 1)
        if contexts == nil, data.table == nil {
            let text = data.error.map { "✖ " + $0 } ?? "loading \(query?.kind.plural.lowercased() ?? "")…"
            CenteredMessage.draw([StyledSpan(text, TextStyle(data.error == nil ? .statusPending : .statusError))], in: tableRect, on: screen)
        } else {
            let rows = tableRows(now: context.now)
            var table = Table(columns: tableColumns(rows: rows), rows: rows, state: tableState)
            table.state.clamp(to: table.rows)
            table.render(in: tableRect, on: screen)
            if shown.isEmpty, tableRect.height > 3 {
                let why = filter.isEmpty ? "no \(kind?.plural.lowercased() ?? "rows") here" : "nothing matches \"\(filter)\" — Esc clears the filter"
                screen.draw(why, in: tableRect.line(2), style: TextStyle(.dim), alignment: .center)
            }
        }
        if let error = data.error, errorRect.height > 0 {
            screen.draw("✖ " + error, in: errorRect, style: TextStyle(.statusError))
        }
    }

    /// kubectl's columns. NAME is kept longest but gives way first: every
    /// other column keeps its widest cell (up to 20 cells) before NAME grows,
    /// so AGE or RESTARTS is never cut to "41…" while a long name has room
    /// to lose; past that, columns drop from the right.
    func tableColumns(rows: [TableRow] = []) -> [TableColumn] {
        let widest = TableLayout.contentWidths(
            for: columns.map { TableColumn($0.name, minWidth: 1) }, rows: rows)
        return columns.enumerated().map { i, c in
            let content = i < widest.count ? widest[i] : c.name.count
            let minimum = c.name == "NAME" ? min(max(3, content), 16) : min(max(3, content), 20)
            return TableColumn(c.name, minWidth: minimum, alignment: .left, priority: c.name == "NAME" ? 100 : 90 - i)
        }
    }

    func tableRows(now: Date) -> [TableRow] {
        let age = contexts == nil ? data.table?.ageColumn : nil
        return shown.map { row in
            .data(row.cells.enumerated().map { i, cell in
                if i == age, let created = row.created { return .plain(HumanDuration.format(seconds: now.timeIntervalSince(created))) }
                return .plain(cell)
            })
        }
    }
}
