import Foundation
import MarvelCore

/// The Nodes pane: every node grouped by layer with its share of cpu, memory
/// and GPUs requested and what is free, a filter, and a scrollable detail view
/// per node; `h` adds "room for N more <template>" per layer, D/U/c/C
/// dedicate, undedicate, cordon and uncordon the selected node, `e` edits
/// its labels and taints (each change confirmed), and Space folds a layer (▶)
/// or unfolds it (▼).
public struct NodesPane: InteractivePane {
    /// The node detail view that Enter opens.
    struct DetailView: Sendable {
        var name: String
        var viewer: TextViewer
    }

    public var title: String { "Nodes" }
    public private(set) var filter: String = ""
    /// The view model the table shows (nil until a snapshot has arrived).
    public private(set) var inventory: NodeInventory?
    public internal(set) var table = Table(columns: NodeTableModel.columns, rows: [])
    /// The node under the cursor.
    public internal(set) var selectedName: String?
    private var rowNames: [String?] = []
    /// The layer of each row (a folded layer's heading included).
    var rowLayers: [Layer?] = []
    /// Layers whose node rows are hidden under their heading.
    public internal(set) var folded: Set<Layer> = []
    /// The folded layer whose heading the cursor rests on.
    var selectedFold: Layer?
    private var detail: DetailView?
    var builtGeneration: Int?
    private var builtRules: LayerRules?
    private var builtFetchedAt: Date?
    private var builtWidth: Int?
    /// Table rows of the current snapshot's nodes, reused while only the filter changes.
    private var rowCache = NodeRowCache()
    /// The open question (template picker, layer choice, y/N), if any.
    public internal(set) var dialog: NodesPaneDialog?
    /// The template whose headroom the layer headings show (remembered once chosen).
    public internal(set) var headroomTemplateID: String?
    /// "room for N more <template>" per layer.
    public internal(set) var headroomNotes: [Layer: String] = [:]
    var headroomGeneration: Int?
    var jobs: [NodeJob] = []
    var flash: PaneFlash?
    /// The label and taint editor (`e`), when open.
    var labelEditor: NodeLabelEditor?

    public init() {}

    /// The node whose detail view is open, if any.
    public var detailNodeName: String? { detail?.name }

    public var acceptsFilter: Bool { detail == nil && labelEditor == nil }

    public var capturesAllKeys: Bool { dialog != nil || labelEditor != nil }

    public var isSubViewOpen: Bool { detail != nil || labelEditor != nil }

    public mutating func takeFlash() -> PaneFlash? {
        defer { flash = nil }
        return flash
    }

    public func keyHelp(readOnly: Bool) -> [KeyHelp] {
        if labelEditor != nil { return ConsoleReference.help(.nodeEditor, readOnly: readOnly) }
        switch dialog {
        case .templatePicker?: return ConsoleReference.help(.headroomPicker, readOnly: readOnly)
        case .chooseLayer?: return ConsoleReference.help(.layerChoice, readOnly: readOnly)
        case .confirm?: return ConsoleReference.help(.nodeConfirm, readOnly: readOnly)
        case nil: return ConsoleReference.help(detail == nil ? .nodes : .nodeDetail, readOnly: readOnly)
        }
    }

    public mutating func setFilter(_ text: String, context: PaneContext) {
        guard text != filter else { return }
        filter = text
        rebuild(context)
    }

    public mutating func update(_ context: PaneContext) {
        collectJobs(context)
        // Headroom is recounted when the data changed, not when only the connection did.
        if headroomTemplateID != nil, headroomGeneration != context.snapshot?.generation { rebuildHeadroom(context) }
        if builtGeneration != context.generation || builtRules != context.layerRules
            || (inventory == nil) != ((context.snapshot ?? context.early) == nil)
            || builtWidth != context.viewport.width
        {
            rebuild(context)
        }
    }

    public mutating func handle(_ key: Key, context: PaneContext) -> Bool {
        update(context)
        let bodyHeight = max(1, context.viewport.height - 1)
        if let open = dialog {
            handleDialog(open, key: key, context: context)
            update(context)
            return true
        }
        if labelEditor != nil {
            handleLabelEditor(key, context: context)
            return true
        }
        if var open = detail {
            if key == .escape || key == .char("q") {
                detail = nil
                return true
            }
            let handled = open.viewer.handle(key, height: bodyHeight)
            detail = open
            return handled
        }
        let rows = table.rows
        switch key {
        case let navigation where TableState.isNavigationKey(navigation): table.state.navigate(navigation, in: rows, page: max(1, bodyHeight - 2))
        case .enter:
            guard let name = selectedName else { return toggleFold(context: context) }
            _ = openDetail(named: name, context: context)
            return true
        case .char(" "):
            return toggleFold(context: context)
        default:
            return startAction(key, context: context) ?? false
        }
        table.state.scrollToSelection(visibleRows: bodyHeight, rowCount: rows.count, rows: rows)
        noteSelection()
        return true
    }

    public func render(in rect: Rect, on screen: any Screen, context: PaneContext) {
        // The table, the detail viewer and the message paint every cell of `rect` themselves.
        guard let inventory else {
            CenteredMessage.draw(Self.noDataLines(context), in: rect, on: screen)
            drawDialog(in: rect, on: screen)
            return
        }
        if labelEditor != nil {
            renderLabelEditor(in: rect, on: screen)
            return
        }
        if let detail {
            detail.viewer.render(in: rect, on: screen)
            return
        }
        table.render(in: rect, on: screen)
        if let since = context.connection.staleSince {
            Self.drawStaleMark(since: since, now: context.now, in: rect.line(0), on: screen)
        }
        if inventory.groups.allSatisfy({ $0.rows.isEmpty }), rect.height > 3 {
            let note = NodeInventory.filterProblem(filter).map { "\($0) — Esc clears the filter" }
                ?? (filter.isEmpty ? "the cluster has no nodes" : "no nodes match \"\(filter)\" — Esc clears the filter")
            screen.draw(note, in: rect.line(rect.height - 1), style: TextStyle(.dim), alignment: .center)
        }
        drawDialog(in: rect, on: screen)
    }

    /// What the pane says while there is no snapshot to show.
    static func noDataLines(_ context: PaneContext) -> [StyledSpan] {
        switch context.connection {
        case .failed(let message, _):
            return [StyledSpan("✖ \(message)", TextStyle(.statusError, bold: true)),
                    StyledSpan("retrying…", TextStyle(.dim))]
        case .notResponding(let since):
            let seconds = max(0, Int(context.now.timeIntervalSince(since)))
            return [StyledSpan("✖ \(context.serverURL) is not responding (\(seconds) s)", TextStyle(.statusError, bold: true)),
                    StyledSpan("waiting for it…", TextStyle(.dim))]
        case .connecting, .connected:
            return [StyledSpan("connecting to \(context.serverURL)…", TextStyle(.statusPending))]
        }
    }

    /// "STALE · no updates for 42 s" at the right end of the header row, while the server is away.
    static func drawStaleMark(since: Date, now: Date, in line: Rect, on screen: any Screen) {
        let age = max(0, Int(now.timeIntervalSince(since)))
        let text = " STALE · no updates for \(age) s "
        let width = min(line.width, DisplayWidth.of(text))
        screen.draw(text, row: line.row, column: line.column + line.width - width, width: width,
                    style: TextStyle(.statusWarn, bold: true, reverse: true))
    }

    private mutating func rebuild(_ context: PaneContext) {
        // Rows are kept by identity: a snapshot that changed a few nodes re-formats only those.
        if builtRules != context.layerRules {
            rowCache = NodeRowCache(capacity: context.snapshot?.nodes.count ?? 0)
        } else {
            rowCache.trim(toAbout: context.snapshot?.nodes.count ?? 0)
        }
        builtGeneration = context.generation
        builtFetchedAt = context.snapshot?.fetchedAt
        builtRules = context.layerRules
        builtWidth = context.viewport.width
        // Before the first full snapshot, the nodes alone with their pod columns marked as loading.
        guard let snapshot = context.snapshot ?? context.early else {
            inventory = nil
            table.setRows([])
            rowNames = []
            rowLayers = []
            table.state = TableState()
            return
        }
        let inv = NodeInventory(snapshot: snapshot, rules: context.layerRules, filter: filter)
        inventory = inv
        let built = NodeTableRows.build(
            inv, width: context.viewport.width, cache: &rowCache, extras: headroomNotes, folded: folded,
            podsLoading: snapshot.podsLoading)
        table.setRows(built.rows)
        rowNames = built.names
        rowLayers = built.layers
        // Keep the cursor on the same node (or folded layer) when it is still listed.
        if let name = selectedName, let index = rowNames.firstIndex(of: name) {
            table.state.selection = index
        } else if let layer = selectedFold, let index = rowLayers.indices.first(where: { rowLayers[$0] == layer && rowNames[$0] == nil }) {
            table.state.selection = index
        } else {
            table.state.selection = nil
        }
        table.state.clamp(to: table.rows)
        table.state.scrollToSelection(visibleRows: max(1, context.viewport.height - 1), rowCount: table.rows.count,
                                      rows: table.rows)
        noteSelection()
        if var open = detail, let row = inv.row(named: open.name) {
            open.viewer.replaceLines(
                NodeDetail.lines(
                    for: row, layer: row.layer, vpnRanges: context.layerRules.vpnRanges, width: context.viewport.width,
                    podUsage: snapshot.usage?.pods ?? [:], podsLoading: snapshot.podsLoading))
            detail = open
        }
    }

    /// Remembers what the cursor is on: a node, or a folded layer's heading.
    mutating func noteSelection() {
        let index = table.state.selection
        selectedName = index.flatMap { rowNames.indices.contains($0) ? rowNames[$0] : nil }
        selectedFold = selectedName == nil ? index.flatMap { rowLayers.indices.contains($0) ? rowLayers[$0] : nil } : nil
    }

    /// Opens the detail of node `name`; false when no node of that name is listed.
    public mutating func openDetail(named name: String, context: PaneContext) -> Bool {
        update(context)
        guard let row = inventory?.row(named: name) else { return false }
        if folded.contains(row.layer) {
            folded.remove(row.layer)
            selectedName = name
            rebuild(context)
        }
        if let index = rowNames.firstIndex(of: name) {
            table.state.selection = index
            noteSelection()
        }
        let podUsage = context.snapshot?.usage?.pods ?? [:]
        detail = DetailView(
            name: name,
            viewer: TextViewer(lines: NodeDetail.lines(
                for: row, layer: row.layer, vpnRanges: context.layerRules.vpnRanges, width: context.viewport.width, podUsage: podUsage,
                podsLoading: context.snapshot?.podsLoading ?? false)))
        return true
    }
}
