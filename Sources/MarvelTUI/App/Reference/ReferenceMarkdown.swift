/// README's key and command section, written from `ConsoleReference` (a test
/// compares it with README between the `keys:begin`/`keys:end` markers).
extension ConsoleReference {
    /// The markers README's generated section sits between.
    public static let markdownBegin = "<!-- keys:begin (generated from ConsoleReference; MARVDASH_UPDATE_README=1 swift test --filter ReadmeKeys rewrites it) -->"
    public static let markdownEnd = "<!-- keys:end -->"

    /// Every scope's keys as a table, then the commands with their aliases.
    public static func markdown() -> String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        var out: [String] = []
        for scope in KeyScope.allCases {
            let rows = keys.filter { $0.scope == scope }
            guard !rows.isEmpty else { continue }
            out += ["#### \(scope.title)", "", "| key | what it does |", "| --- | --- |"]
            for row in rows {
                var action = row.action.replacingOccurrences(of: "{verb}", with: "deploy (upgrade in the upgrade form)")
                if let readOnly = row.readOnlyAction { action += " (read-only mode: \(readOnly))" }
                if let condition = row.condition { action += " — when \(Self.conditionText(condition))" }
                if row.mutates { action += " — changes the cluster: hidden and refused in read-only mode" }
                out.append("| `\(cell(row.keys))` | \(cell(action)) |")
            }
            out.append("")
        }
        out += ["#### Commands (`:`)", "", "| command | also | what it does |", "| --- | --- | --- |"]
        for command in commands {
            let aliases = command.aliases.map { "`:\(cell($0))`" }.joined(separator: " ")
            out.append("| `\(cell(command.usage))` | \(aliases) | \(cell(command.summary)) |")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// How README words a row's condition.
    static func conditionText(_ condition: String) -> String {
        switch condition {
        case "problems": return "some template files could not be loaded"
        case "finished": return "the action has ended"
        case "running": return "the action is running"
        case "scrollKeys": return "the placement is not node mode"
        case "nodePick": return "the placement is node mode"
        case "namespaces": return "the namespace view (`:ns`)"
        case "logs": return "the kind has pods (pods, workloads)"
        case "scale": return "the kind scales (Deployments, StatefulSets, ReplicaSets)"
        case "restart": return "the kind restarts (Deployments, StatefulSets, DaemonSets)"
        case "pods": return "the pod view (`:po`)"
        case "namespaced": return "the kind is namespaced"
        case "secret": return "the object is a Secret"
        case "claims": return "the instance keeps data in claims"
        default: return condition
        }
    }
}
