import Foundation
import MarvelCore

/// Turns the polled instances into the Services table: one row per instance
/// with its template, revision, Ready x/y, status, nodes, age and endpoints.
public enum ServiceTableModel {
    /// NAME TEMPLATE REV READY STATUS NODES AGE ENDPOINTS. ENDPOINTS goes first when
    /// space is short (at 80 columns), then NODES; spare room goes to NAME, READY,
    /// TEMPLATE, STATUS (the scheduler's reason), AGE, REV, then NODES and ENDPOINTS.
    public static let columns: [TableColumn] = [
        TableColumn("NAME", minWidth: 8, maxWidth: 32, priority: 100),
        TableColumn("TEMPLATE", minWidth: 8, maxWidth: 28, priority: 85),
        TableColumn("REV", minWidth: 3, maxWidth: 4, alignment: .right, priority: 70),
        TableColumn("READY", minWidth: 5, maxWidth: 13, priority: 90),
        TableColumn("STATUS", minWidth: 16, maxWidth: 56, priority: 80, fills: true),
        TableColumn("NODES", minWidth: 14, maxWidth: 48, priority: 50),
        TableColumn("AGE", minWidth: 5, maxWidth: 9, alignment: .right, priority: 75),
        TableColumn("ENDPOINTS", minWidth: 18, priority: 10, fills: true),
    ]

    /// The cells of one instance's row; `now` dates the AGE column, `qualified`
    /// prefixes the namespace to the name (when several namespaces are listed).
    public static func cells(_ status: InstanceStatus, now: Date, qualified: Bool = false) -> [TableCell] {
        let instance = status.instance
        let karvdash = instance.managedBy == .karvdash
        let state = ServiceStatusText.of(status)
        return [
            .plain(qualified ? "\(instance.namespace)/\(instance.name)" : instance.name),
            karvdash ? .text("\(instance.templateID) (karvdash)", TextStyle(.dim)) : .plain(instance.templateID),
            .plain(karvdash || instance.revision == 0 ? "-" : String(instance.revision)),
            .text(status.readyText, TextStyle(readyRole(ready: status.ready, desired: status.desired))),
            .text(state.text, TextStyle(state.role)),
            .plain(nodesText(status)),
            .plain(instance.createdAt.map { ServiceAge.format(now.timeIntervalSince($0)) } ?? "-"),
            .text(status.endpoints.isEmpty ? "-" : status.endpoints.joined(separator: ", "), TextStyle(.dim)),
        ]
    }

    /// The style of a READY cell: ok when every replica is ready, error when none
    /// is, warn in between; dim when nothing is wanted.
    public static func readyRole(ready: Int, desired: Int) -> StyleRole {
        if desired <= 0 { return .dim }
        if ready >= desired { return .statusOK }
        return ready == 0 ? .statusError : .statusWarn
    }

    /// The distinct nodes of the instance's pods with their layer: "mtfog1 (fog), mtcloud1 (cloud)".
    public static func nodesText(_ status: InstanceStatus) -> String {
        var seen: Set<String> = []
        var parts: [String] = []
        for pod in status.pods where !pod.node.isEmpty && !seen.contains(pod.node) {
            seen.insert(pod.node)
            parts.append(pod.layer.map { "\(pod.node) (\($0.rawValue))" } ?? pod.node)
        }
        return parts.isEmpty ? "-" : parts.joined(separator: ", ")
    }

    /// Whether an instance matches the `/` filter: a case-insensitive substring of
    /// its name, namespace, template or one of its pods' nodes.
    public static func matches(_ status: InstanceStatus, filter: String) -> Bool {
        let needle = filter.trimmingCharacters(in: .whitespaces).lowercased()
        if needle.isEmpty { return true }
        let instance = status.instance
        var haystack = [instance.name, instance.namespace, instance.templateID]
        if instance.managedBy == .karvdash { haystack.append("karvdash") }
        haystack += status.pods.map(\.node)
        return haystack.contains { $0.lowercased().contains(needle) }
    }
}

/// Elapsed time the way kubectl prints an AGE: "45s", "5m30s", "12m", "3h", "2d".
public enum ServiceAge {
    public static func format(_ interval: TimeInterval) -> String {
        guard interval.isFinite else { return "-" }
        let seconds = Int(interval.rounded(.down))
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 { return seconds % 60 == 0 ? "\(minutes)m" : "\(minutes)m\(seconds % 60)s" }
        if minutes < 180 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 8 { return minutes % 60 == 0 ? "\(hours)h" : "\(hours)h\(minutes % 60)m" }
        if hours < 48 { return "\(hours)h" }
        let days = hours / 24
        if hours < 24 * 8 { return hours % 24 == 0 ? "\(days)d" : "\(days)d\(hours % 24)h" }
        if days < 365 * 2 { return "\(days)d" }
        let years = days / 365
        if days < 365 * 8 { return days % 365 == 0 ? "\(years)y" : "\(years)y\(days % 365)d" }
        return "\(years)y"
    }
}
