import MarvelCore

/// The Templates pane: the catalogue as a table (layer hint, requested
/// resources, singleton mark), `/` to filter, `p` for the templates that
/// could not be loaded, and Enter to deploy one through a `DeployFlow`.
public struct TemplatesPane: InteractivePane {
    public var title: String { "Templates" }
    public private(set) var filter: String = ""
    /// The catalogue as last read from the backend (nil before).
    public private(set) var catalog: ConsoleCatalog?
    public internal(set) var table = Table(columns: TemplateTableModel.columns, rows: [])
    /// The ids of the table's rows.
    public private(set) var rowIDs: [String] = []
    /// The open deploy flow, if any.
    public private(set) var flow: DeployFlow?
    /// The problems list `p` opens.
    var problemsViewer: TextViewer?
    private var pendingFlash: PaneFlash?

    public init() {}

    /// The id of the template under the cursor.
    public var selectedID: String? { table.state.selection.flatMap { rowIDs.indices.contains($0) ? rowIDs[$0] : nil } }
    public var isShowingProblems: Bool { problemsViewer != nil }
    public var acceptsFilter: Bool { flow == nil && problemsViewer == nil }
    public var capturesAllKeys: Bool { flow?.capturesAllKeys ?? false }
    public var isSubViewOpen: Bool { flow != nil || problemsViewer != nil }

    public mutating func takeFlash() -> PaneFlash? {
        defer { pendingFlash = nil }
        return pendingFlash
    }

    public func keyHelp(readOnly: Bool) -> [KeyHelp] {
        if let flow { return flow.keyHelp(readOnly: readOnly) }
        if problemsViewer != nil { return ConsoleReference.help(.templateProblems, readOnly: readOnly) }
        let problems = !(catalog?.problems.isEmpty ?? true)
        return ConsoleReference.help(.templates, readOnly: readOnly) { $0 == "problems" && problems }
    }

    public mutating func setFilter(_ text: String, context: PaneContext) {
        guard text != filter else { return }
        filter = text
        rebuild()
    }

    public mutating func update(_ context: PaneContext) {
        guard catalog == nil, let backend = context.backend else { return }
        catalog = backend.catalog()
        rebuild()
    }

    public mutating func handle(_ key: Key, context: PaneContext) -> Bool {
        update(context)
        if var open = flow {
            let outcome = open.handle(key, context: context)
            pendingFlash = open.takeMessage()
            if outcome == .closed {
                pendingFlash = open.closingFlash ?? pendingFlash
                flow = nil
            } else {
                flow = open
            }
            return true
        }
        let bodyHeight = max(1, context.viewport.height - 2)
        if var viewer = problemsViewer {
            if key == .escape || key == .char("p") || key == .char("q") {
                problemsViewer = nil
                return true
            }
            let handled = viewer.handle(key, height: bodyHeight)
            problemsViewer = viewer
            return handled
        }
        let rows = table.rows
        switch key {
        case let navigation where TableState.isNavigationKey(navigation): table.state.navigate(navigation, in: rows, page: max(1, bodyHeight - 2))
        case .char("p"):
            openProblems()
        case .enter:
            openFlow(context: context)
        default:
            return false
        }
        table.state.scrollToSelection(visibleRows: bodyHeight, rowCount: rows.count, rows: rows)
        return true
    }

    /// Selects the template `id` (clearing a filter that hides it); false when the catalogue has none.
    public mutating func select(templateID id: String, context: PaneContext) -> Bool {
        update(context)
        guard catalog?.templates.contains(where: { $0.id == id }) == true else { return false }
        if !rowIDs.contains(id) { setFilter("", context: context) }
        table.state.selection = rowIDs.firstIndex(of: id)
        table.state.scrollToSelection(visibleRows: max(1, context.viewport.height - 2), rowCount: table.rows.count, rows: table.rows)
        return true
    }

    private mutating func openProblems() {
        let problems = catalog?.problems ?? []
        guard !problems.isEmpty else {
            pendingFlash = PaneFlash("every template loaded cleanly")
            return
        }
        var lines = [StyledLine("\(problems.count) problem\(problems.count == 1 ? "" : "s") — these templates are not deployable until fixed (marvdash templates lint FILE):", TextStyle(.statusWarn, bold: true)), .empty]
        lines += problems.map { StyledLine($0, TextStyle(.statusError)) }
        problemsViewer = TextViewer(lines: lines)
    }

    private mutating func openFlow(context: PaneContext) {
        guard let id = selectedID, let template = catalog?.templates.first(where: { $0.id == id }) else { return }
        let automatic = context.backend?.automaticValues(for: template) ?? [:]
        var opened = DeployFlow(template: template, values: [:], automatic: automatic, upgrading: nil)
        opened.noteTakenNames(context: context)
        flow = opened
    }

    private mutating func rebuild() {
        let selected = selectedID
        let shown = TemplateTableModel.matching(catalog?.templates ?? [], filter: filter)
        table.setRows(shown.map(TemplateTableModel.row))
        rowIDs = shown.map(\.id)
        table.state.selection = selected.flatMap { rowIDs.firstIndex(of: $0) } ?? (rowIDs.isEmpty ? nil : 0)
        table.state.clamp(to: table.rows)
    }

    public func render(in rect: Rect, on screen: any Screen, context: PaneContext) {
        if let flow {
            flow.render(in: rect, on: screen, context: context)
            return
        }
        guard let catalog else {
            screen.blank(rect)
            let text = context.backend == nil ? "no cluster backend: templates are not available in this console" : "loading templates…"
            CenteredMessage.draw([StyledSpan(text, TextStyle(.statusPending))], in: rect, on: screen)
            return
        }
        let footerHeight = catalog.problems.isEmpty ? 0 : 1
        let (body, footer) = rect.splitBottom(footerHeight)
        if let problemsViewer {
            problemsViewer.render(in: body, on: screen)
        } else {
            table.render(in: body, on: screen)
            if rowIDs.isEmpty, body.height > 3 {
                let note = filter.isEmpty
                    ? "no templates found — add folders with --templates DIR or templateDirs in the config"
                    : "no templates match \"\(filter)\" — Esc clears the filter"
                screen.draw(note, in: body.line(body.height / 2), style: TextStyle(.dim), alignment: .center)
            }
        }
        if footerHeight > 0 {
            let n = catalog.problems.count
            let text = problemsViewer == nil
                ? " ✖ \(n) template file\(n == 1 ? "" : "s") could not be loaded — press p to see why"
                : " ✖ \(n) template file\(n == 1 ? "" : "s") could not be loaded — Esc goes back"
            screen.draw(text, in: footer, style: TextStyle(.statusError, bold: true), pad: true)
        }
    }
}
