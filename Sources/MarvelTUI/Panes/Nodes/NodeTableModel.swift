import MarvelCore

/// Turns the Nodes view model into table columns and rows: a heading per
/// layer with its totals, then one row per node.
public enum NodeTableModel {
    /// NAME STATUS SITE ARCH CPU MEM CPU% MEM% EXTENDED PODS TAINTS: all of them fit at 80
    /// columns (MEM keeps its unit, TAINTS shows a count and the effects, EXTENDED its first
    /// figure); below that, TAINTS goes first, then ARCH, SITE, EXTENDED, PODS, the allocatable
    /// figures. EXTENDED lists every extended resource the node advertises ("1/2 nvidia.com/gpu").
    /// With usage the percentages read requested·used and STATUS is marked ▲ when usage runs
    /// far above requests.
    public static let columns: [TableColumn] = [
        TableColumn("NAME", minWidth: 12, maxWidth: 40, priority: 100),
        TableColumn("STATUS", minWidth: 8, maxWidth: 26, priority: 90),
        TableColumn("SITE", minWidth: 6, maxWidth: 16, priority: 40),
        TableColumn("ARCH", minWidth: 5, maxWidth: 7, priority: 30),
        TableColumn("CPU", minWidth: 4, maxWidth: 6, alignment: .right, priority: 60),
        TableColumn("MEM", minWidth: 7, maxWidth: 8, alignment: .right, priority: 60),
        TableColumn("CPU%", minWidth: 7, maxWidth: 24, priority: 80, fills: true),
        TableColumn("MEM%", minWidth: 7, maxWidth: 24, priority: 80, fills: true),
        TableColumn("EXTENDED", minWidth: 3, maxWidth: 32, priority: 45),
        TableColumn("PODS", minWidth: 4, maxWidth: 5, alignment: .right, priority: 50),
        TableColumn("TAINTS", minWidth: 7, priority: 0, fills: true),
    ]

    /// The style role of a layer's heading.
    public static func role(of layer: Layer) -> StyleRole {
        switch layer {
        case .cloud: return .layerCloud
        case .fog: return .layerFog
        case .edge: return .layerEdge
        case .unassigned: return .layerUnassigned
        }
    }

    /// "▼ CLOUD · 3 nodes · 3 ready · cpu 4.2/46 (9%) · mem 6.1Gi/180Gi (3%) · gpu 0/2 · pods 14
    /// · free cpu 41.8 mem 173.9Gi gpu 2", with usage "· used cpu 12% mem 20%", then `extra`
    /// ("room for 3 more kafka").
    public static func heading(_ group: LayerGroup, extra: String? = nil) -> String {
        let t = group.totals
        return "▼ \(group.layer.title) · \(t.nodes) node\(t.nodes == 1 ? "" : "s") · \(t.ready) ready"
            + " · cpu \(t.cpuRequested.cpuDisplay)/\(t.cpuAllocatable.cpuDisplay) (\(percent(t.cpuPercent)))"
            + " · mem \(t.memoryRequested.bytesDisplay)/\(t.memoryAllocatable.bytesDisplay) (\(percent(t.memoryPercent)))"
            + " · gpu \(t.gpuRequested)/\(t.gpuAllocatable) · pods \(t.pods) · \(free(t))" + used(t) + (extra.map { " · \($0)" } ?? "")
    }

    /// " · used cpu 12% mem 20%" when the layer's nodes report usage, else "".
    public static func used(_ t: LayerTotals) -> String {
        guard let cpu = t.cpuUsedPercent, let memory = t.memoryUsedPercent else { return "" }
        return " · used cpu \(percent(cpu)) mem \(percent(memory))"
    }

    /// The same figures in fewer columns for narrow screens:
    /// "▼ CLOUD 3/3 ready · cpu 4.2/46 9% · mem 6.1Gi/180Gi 3% · gpu 0/2 · pods 14 · free cpu 41.8 mem 173.9Gi gpu 2".
    public static func compactHeading(_ group: LayerGroup, extra: String? = nil) -> String {
        let t = group.totals
        return "▼ \(group.layer.title) \(t.ready)/\(t.nodes) ready"
            + " · cpu \(t.cpuRequested.cpuDisplay)/\(t.cpuAllocatable.cpuDisplay) \(percent(t.cpuPercent))"
            + " · mem \(t.memoryRequested.bytesDisplay)/\(t.memoryAllocatable.bytesDisplay) \(percent(t.memoryPercent))"
            + " · gpu \(t.gpuRequested)/\(t.gpuAllocatable) · pods \(t.pods) · \(free(t))" + used(t) + (extra.map { " · \($0)" } ?? "")
    }

    /// What the layer has left: "free cpu 41.8 mem 173.9Gi gpu 2" (allocatable minus requested, never below 0).
    public static func free(_ t: LayerTotals) -> String {
        let cpu = t.cpuAllocatable.nanos > t.cpuRequested.nanos ? t.cpuAllocatable - t.cpuRequested : .zero
        let mem = t.memoryAllocatable.nanos > t.memoryRequested.nanos ? t.memoryAllocatable - t.memoryRequested : .zero
        return "free cpu \(cpu.cpuDisplay) mem \(mem.bytesDisplay) gpu \(max(0, t.gpuAllocatable - t.gpuRequested))"
    }

    /// The heading that fits `width` columns: the full one when it fits, else the compact one.
    public static func heading(_ group: LayerGroup, width: Int, extra: String? = nil) -> String {
        let full = heading(group, extra: extra)
        return DisplayWidth.of(full) <= width ? full : compactHeading(group, extra: extra)
    }

    /// A whole percentage ("9%").
    public static func percent(_ p: Double) -> String { "\(Int((p.isFinite ? p : 0).rounded()))%" }

    /// The style of a STATUS cell: ok when Ready, error when NotReady, warn otherwise.
    public static func statusRole(_ status: String) -> StyleRole {
        switch status {
        case "Ready": return .statusOK
        case "NotReady": return .statusError
        default: return .statusWarn
        }
    }

    /// The cells of one node row.
    public static func cells(_ row: NodeRow) -> [TableCell] {
        var texts = QuantityTexts()
        return cells(row, texts: &texts)
    }

    /// The cells of one node row, formatting quantities through `texts` (many nodes share them).
    static func cells(_ row: NodeRow, texts: inout QuantityTexts) -> [TableCell] {
        [
            .plain(row.name),
            row.usageFarAboveRequests
                ? .text(row.status + " ▲", TextStyle(.statusWarn, bold: true)) : .text(row.status, TextStyle(statusRole(row.status))),
            .plain(row.site.isEmpty ? "-" : row.site),
            .plain(row.arch.isEmpty ? "-" : row.arch),
            .plain(texts.cpu(row.cpuAllocatable)),
            .plain(texts.bytes(row.memoryAllocatable)),
            row.cpuUsedPercent.map { .usageBar(requested: row.cpuPercent, used: $0) } ?? .bar(percent: row.cpuPercent),
            row.memoryUsedPercent.map { .usageBar(requested: row.memoryPercent, used: $0) } ?? .bar(percent: row.memoryPercent),
            .plain(NodeInventory.extendedText(row.extended)),
            .plain(String(row.podCount)),
            NodeTaintText.cell(row.taints),
        ]
    }

    /// A node row drawn while the pods are being listed: the columns that count pods
    /// (CPU%, MEM%, EXTENDED's requested share, PODS) read "…".
    static func loadingCells(_ row: NodeRow, texts: inout QuantityTexts) -> [TableCell] {
        var out = cells(row, texts: &texts)
        let loading = TableCell.text("…", TextStyle(.dim))
        var marked = ["CPU%", "MEM%", "PODS"]
        if !row.extended.isEmpty { marked.append("EXTENDED") }
        for column in marked {
            // A column that is not in the table is not marked (never another column in its place).
            if let index = columns.firstIndex(where: { $0.title == column }), out.indices.contains(index) { out[index] = loading }
        }
        return out
    }

    /// A layer's heading while the pods are being listed: what the nodes alone tell.
    /// "▼ CLOUD · 3 nodes · 3 ready · cpu 46 · mem 180Gi · gpu 2 · pods loading…"
    static func loadingHeading(_ group: LayerGroup) -> String {
        let t = group.totals
        return "▼ \(group.layer.title) · \(t.nodes) node\(t.nodes == 1 ? "" : "s") · \(t.ready) ready"
            + " · cpu \(t.cpuAllocatable.cpuDisplay) · mem \(t.memoryAllocatable.bytesDisplay) · gpu \(t.gpuAllocatable) · pods loading…"
    }

    /// The table rows and, for each, the node it shows (nil for headings).
    /// Headings are chosen to fit `width` columns.
    public static func rows(for inventory: NodeInventory, width: Int = .max) -> (rows: [TableRow], names: [String?]) {
        var cache = NodeRowCache()
        return rows(for: inventory, width: width, cache: &cache)
    }

    /// Like `rows(for:width:)`, taking the data rows already in `cache` (which must hold
    /// rows of the same snapshot) and adding the ones it builds.
    static func rows(for inventory: NodeInventory, width: Int, cache: inout NodeRowCache, extras: [Layer: String] = [:])
        -> (rows: [TableRow], names: [String?])
    {
        var rows: [TableRow] = []
        var names: [String?] = []
        let count = inventory.groups.reduce(0) { $0 + 1 + $1.rows.count }
        rows.reserveCapacity(count)
        names.reserveCapacity(count)
        for group in inventory.groups {
            rows.append(headingRow(group, width: width, extra: extras[group.layer]))
            names.append(nil)
            for row in group.rows {
                rows.append(cache.row(for: row))
                names.append(row.name)
            }
        }
        return (rows, names)
    }

    /// The heading row of a layer for a table `width` columns wide.
    public static func headingRow(_ group: LayerGroup, width: Int, extra: String? = nil) -> TableRow {
        .heading(heading(group, width: width, extra: extra), TextStyle(role(of: group.layer), bold: true))
    }
}

/// Display texts of quantities, formatted once per distinct value: the nodes of a
/// cluster come in a few shapes, so thousands of rows share a handful of texts.
struct QuantityTexts: Sendable {
    private var cpuTexts: [Int128: String] = [:]
    private var byteTexts: [Int128: String] = [:]

    mutating func cpu(_ q: Quantity) -> String {
        if let known = cpuTexts[q.nanos] { return known }
        let text = q.cpuDisplay
        cpuTexts[q.nanos] = text
        return text
    }

    mutating func bytes(_ q: Quantity) -> String {
        if let known = byteTexts[q.nanos] { return known }
        let text = q.bytesDisplay
        byteTexts[q.nanos] = text
        return text
    }
}

/// The table rows of the nodes, built on first use and kept by node name with
/// the row they were built from, so typing a filter re-selects rows instead of
/// formatting them again, and a new snapshot that changed a few nodes (the
/// cache shares every other row with the last one) formats only those.
struct NodeRowCache: Sendable {
    /// By node name: the serial of the row the table row was made from (not the row itself,
    /// which would keep an old snapshot's pods alive), and the table row.
    private var rows: [String: (serial: Int, row: TableRow)] = [:]
    private var texts = QuantityTexts()

    init(capacity: Int = 0) { rows.reserveCapacity(capacity) }

    mutating func row(for node: NodeRow) -> TableRow {
        if let known = rows[node.name], known.serial == node.serial { return known.row }
        let row = TableRow.data(NodeTableModel.cells(node, texts: &texts))
        rows[node.name] = (node.serial, row)
        return row
    }

    /// Forgets every row once it holds more than twice `count` (nodes came and went).
    mutating func trim(toAbout count: Int) {
        if rows.count > count * 2 { rows = [:] }
    }
}
