import MarvelCore

/// The Templates table: columns and one row per template, with the layer
/// hint of its placement block and the requests summed over its containers.
public enum TemplateTableModel {
    public static let columns: [TableColumn] = [
        TableColumn("ID", minWidth: 6, maxWidth: 22, priority: 100),
        TableColumn("NAME", minWidth: 8, maxWidth: 26, priority: 80),
        TableColumn("LAYER", minWidth: 5, maxWidth: 12, priority: 70),
        TableColumn("CPU", minWidth: 4, maxWidth: 7, alignment: .right, priority: 75),
        TableColumn("MEMORY", minWidth: 6, maxWidth: 8, alignment: .right, priority: 75),
        TableColumn("GPU", minWidth: 3, maxWidth: 4, alignment: .right, priority: 60),
        TableColumn("ONE", minWidth: 3, maxWidth: 3, alignment: .center, priority: 40),
        TableColumn("DESCRIPTION", minWidth: 11, priority: 30, fills: true),
    ]

    /// Templates whose id, name or description contain `filter` (any case): the
    /// id matching exactly first, then ids starting with it, names, descriptions; by id within each.
    public static func matching(_ templates: [Template], filter: String) -> [Template] {
        let needle = filter.lowercased()
        func rank(_ t: Template) -> Int? {
            let id = t.id.lowercased()
            if needle.isEmpty || id == needle { return 0 }
            if id.hasPrefix(needle) { return 1 }
            if id.contains(needle) || t.name.lowercased().contains(needle) { return 2 }
            return t.description.lowercased().contains(needle) ? 3 : nil
        }
        return templates
            .compactMap { t in rank(t).map { (rank: $0, template: t) } }
            .sorted { ($0.rank, $0.template.id) < ($1.rank, $1.template.id) }
            .map(\.template)
    }

    /// One table row.
    public static func row(_ t: Template) -> TableRow {
        let layer = t.placement?.layerHint ?? "any"
        return .data([
            .text(t.id, TextStyle(.normal, bold: true)),
            .plain(t.name),
            .text(layer, TextStyle(role(ofHint: layer))),
            .plain(cpu(t)),
            .plain(memory(t)),
            .plain(gpu(t)),
            .text(t.singleton ? "●" : "", TextStyle(.statusWarn)),
            .text(t.description, TextStyle(.dim)),
        ])
    }

    /// Requested CPU with the defaults ("1.5", "250m", "-").
    public static func cpu(_ t: Template) -> String {
        t.resourceRequests["cpu"].map(\.cpuDisplay) ?? "-"
    }

    /// Requested memory with the defaults ("2Gi", "-").
    public static func memory(_ t: Template) -> String {
        t.resourceRequests["memory"].map(\.bytesDisplay) ?? "-"
    }

    /// GPUs requested (any `*/gpu` resource), else the placement block's count, else "-".
    public static func gpu(_ t: Template) -> String {
        let requested = t.resourceRequests.filter { $0.key == "gpu" || $0.key.hasSuffix("/gpu") }.values.reduce(Quantity.zero, +)
        if !requested.isZero { return requested.description }
        if let gpu = t.placement?.gpu, gpu > 0 { return String(gpu) }
        return "-"
    }

    /// The style of a layer hint: the first layer it names.
    static func role(ofHint hint: String) -> StyleRole {
        let first = hint.split(separator: ">").first.map(String.init) ?? hint
        switch Layer(rawValue: first) {
        case .edge?: return .layerEdge
        case .fog?: return .layerFog
        case .cloud?: return .layerCloud
        default: return .dim
        }
    }
}
