import MarvelCore

/// The Images pane's tables: repositories (with node caches and users) and
/// one repository's tags grouped by digest.
public enum ImageTables {
    public static let repositoryColumns: [TableColumn] = [
        TableColumn("REPOSITORY", minWidth: 10, maxWidth: 40, priority: 100),
        TableColumn("NODES", minWidth: 5, maxWidth: 6, alignment: .right, priority: 70),
        TableColumn("USED BY", minWidth: 8, priority: 50, fills: true),
    ]

    /// Minimum widths fit their whole content, so a narrow terminal drops the least
    /// important columns (kind, nodes, digest) rather than cutting sizes and platforms.
    public static let groupColumns: [TableColumn] = [
        TableColumn("TAGS", minWidth: 8, maxWidth: 30, priority: 100),
        TableColumn("PLATFORMS", minWidth: 24, maxWidth: 40, priority: 90),
        TableColumn("SIZE", minWidth: 10, maxWidth: 14, alignment: .right, priority: 85),
        TableColumn("CREATED", minWidth: 10, maxWidth: 10, priority: 70),
        TableColumn("DIGEST", minWidth: 19, maxWidth: 19, priority: 60),
        TableColumn("KIND", minWidth: 11, maxWidth: 11, priority: 40),
        TableColumn("NODES", minWidth: 5, maxWidth: 6, alignment: .right, priority: 50),
    ]

    /// Names containing `filter` (any case), in the registry's order.
    public static func matching(_ names: [String], filter: String) -> [String] {
        let needle = filter.lowercased()
        return needle.isEmpty ? names : names.filter { $0.lowercased().contains(needle) }
    }

    /// Groups with a tag, digest or platform containing `filter`.
    public static func matching(_ groups: [TagGroup], filter: String) -> [TagGroup] {
        let needle = filter.lowercased()
        guard !needle.isEmpty else { return groups }
        return groups.filter { g in
            g.tags.contains { $0.lowercased().contains(needle) } || g.digest.contains(needle)
                || (g.detail?.platformNames.contains { $0.contains(needle) } ?? false)
        }
    }

    public static func repositoryRow(_ name: String, usage: ImageUsage?) -> TableRow {
        .data([
            .text(name, TextStyle(.normal, bold: true)),
            .plain(usage.map { String($0.nodes.count) } ?? "…"),
            .text(usage.map(usedBy) ?? "…", TextStyle(.dim)),
        ])
    }

    public static func groupRow(_ group: TagGroup, usage: ImageUsage?) -> TableRow {
        guard let detail = group.detail else {
            return .data([
                .text(group.tags.joined(separator: ", "), TextStyle(.normal, bold: true)),
                .text("✖ " + (group.problem ?? "unreadable"), TextStyle(.statusError)),
                .plain("-"), .plain("-"), .plain(group.digest.isEmpty ? "-" : ImageText.shortDigest(group.digest)), .plain("-"), .plain("-"),
            ])
        }
        return .data([
            .text(group.tags.joined(separator: ", "), TextStyle(.normal, bold: true)),
            .text(detail.platformNames.joined(separator: ", "), TextStyle(detail.platformNames.count > 1 ? .statusOK : .normal)),
            .plain(ImageText.size(detail.sizeRange)),
            .plain(ImageText.day(detail.created)),
            .text(ImageText.shortDigest(group.digest), TextStyle(.dim)),
            .text(ManifestMediaType.shortName(detail.mediaType), TextStyle(.dim)),
            .plain(usage.map { String($0.nodes.count) } ?? "…"),
        ])
    }

    /// "templates kafka · instances kafka · 2 other pods", or "-".
    public static func usedBy(_ usage: ImageUsage) -> String {
        var parts: [String] = []
        if !usage.templates.isEmpty { parts.append("templates " + usage.templates.joined(separator: ", ")) }
        if !usage.instances.isEmpty { parts.append("instances " + usage.instances.map(\.name).joined(separator: ", ")) }
        if !usage.otherPods.isEmpty { parts.append("\(usage.otherPods.count) other pod\(usage.otherPods.count == 1 ? "" : "s")") }
        return parts.isEmpty ? "-" : parts.joined(separator: " · ")
    }
}
