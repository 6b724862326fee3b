import MarvelCore

/// The Nodes table's rows for one width: per layer its heading (▼ open,
/// ▶ folded; wrapped onto more heading rows rather than cut when it is
/// wider than the table, so every total and the headroom note stay
/// readable), then its node rows unless the layer is folded. While the pods
/// are being listed the columns that count them read "…".
struct NodeTableRows: Sendable {
    var rows: [TableRow] = []
    /// The node shown by each row (nil for headings).
    var names: [String?] = []
    /// The layer each row belongs to (headings included).
    var layers: [Layer?] = []

    static func build(_ inventory: NodeInventory, width: Int, cache: inout NodeRowCache, extras: [Layer: String],
                      folded: Set<Layer>, podsLoading: Bool = false) -> NodeTableRows {
        var out = NodeTableRows()
        var texts = QuantityTexts()
        let count = inventory.groups.reduce(0) { $0 + 2 + $1.rows.count }
        out.rows.reserveCapacity(count)
        out.names.reserveCapacity(count)
        out.layers.reserveCapacity(count)
        for group in inventory.groups {
            let isFolded = folded.contains(group.layer)
            let headings = headingRows(group, width: width, extra: extras[group.layer], folded: isFolded, podsLoading: podsLoading)
            for (i, row) in headings.enumerated() {
                out.rows.append(row)
                out.names.append(nil)
                out.layers.append(i == 0 ? group.layer : nil)
            }
            guard !isFolded else { continue }
            for row in group.rows {
                // Rows drawn while the pods load are not kept: the same node's row changes when they arrive.
                out.rows.append(podsLoading ? .data(NodeTableModel.loadingCells(row, texts: &texts)) : cache.row(for: row))
                out.names.append(row.name)
                out.layers.append(group.layer)
            }
        }
        return out
    }

    /// A layer's heading: the full one when it fits, else the compact one, wrapped when
    /// even that is too wide. A folded layer's first heading row is selectable.
    static func headingRows(_ group: LayerGroup, width: Int, extra: String?, folded: Bool, podsLoading: Bool = false) -> [TableRow] {
        var text = podsLoading ? NodeTableModel.loadingHeading(group) : NodeTableModel.heading(group, width: width, extra: extra)
        if folded, text.hasPrefix("▼") {
            let hidden = group.rows.count
            text = "▶" + text.dropFirst() + " · \(hidden) node\(hidden == 1 ? "" : "s") folded (Space unfolds)"
        }
        let style = TextStyle(NodeTableModel.role(of: group.layer), bold: true)
        let pieces = width == .max ? [text] : TextWrap.lines(text, width: max(20, width), indent: 2)
        return pieces.enumerated().map { i, piece in i == 0 && folded ? .fold(piece, style) : .heading(piece, style) }
    }
}
