import Foundation
import MarvelCore

/// The resource views' keys: moving, sorting, the namespace toggle, opening
/// describe, YAML and logs, and the confirmed actions with their refusals.
extension ResourcesPane {
    /// Keys the pane takes before the console's own meaning (`r` restarts a rollout here, not refresh).
    public func claims(_ key: Key) -> Bool {
        sub == nil && contexts == nil && key == .char("r") && kind?.restartable == true
    }

    public mutating func handle(_ key: Key, context: PaneContext) -> Bool {
        update(context)
        switch sub {
        case nil:
            return handleList(key, context: context)
        case .describe(let row, var viewer, let task, let shown):
            if key == .escape || key == .char("q") {
                sub = nil
                return true
            }
            let handled = viewer.handle(key, height: max(1, context.viewport.height - 1))
            sub = .describe(row, viewer, task, shown: shown)
            return handled
        case .yaml(let row, var viewer, let revealed):
            if key == .escape || key == .char("q") {
                sub = nil
                return true
            }
            if key == .char("x"), row.isSecret(kind) {
                openYAML(row, revealed: !revealed, keeping: viewer)
                return true
            }
            let handled = viewer.handle(key, height: max(1, context.viewport.height - 1))
            sub = .yaml(row, viewer, revealed: revealed)
            return handled
        case .logs(var logs):
            if !logs.capturesAllKeys, key == .char("q") || (key == .escape && logs.search == nil) {
                logs.cancel()
                sub = nil
                return true
            }
            let height = max(1, context.viewport.height - 1)
            let handled = logs.handle(key, width: context.viewport.width, height: height, backend: context.backend)
            if let message = logs.takeMessage() { flashMessage = message }
            logs.update(width: context.viewport.width, height: height)
            sub = .logs(logs)
            return handled
        case .confirm(let row, let action):
            switch key {
            case .char("y"), .char("Y"):
                sub = nil
                run(action, on: row, context: context)
            case .char("n"), .char("N"), .escape, .enter, .char("q"):
                sub = nil
                flashMessage = PaneFlash("cancelled: nothing was changed")
            default:
                break
            }
            return true
        case .scale(let row, var field):
            switch field.handle(key) {
            case .cancelled:
                sub = nil
                flashMessage = PaneFlash("scale cancelled: nothing was changed")
            case .submitted:
                let text = field.text.trimmingCharacters(in: .whitespaces)
                guard let replicas = Int(text), replicas >= 0 else {
                    flashMessage = PaneFlash("replicas: '\(text)' is not a whole number ≥ 0 — type one, or Esc", isError: true)
                    sub = .scale(row, field)
                    return true
                }
                sub = .confirm(row, .scale(replicas: replicas))
            case .changed, .unchanged:
                sub = .scale(row, field)
            }
            return true
        }
    }

    mutating func handleList(_ key: Key, context: PaneContext) -> Bool {
        if TableState.isNavigationKey(key) {
            let rows = shown.map { _ in TableRow.data([]) }
            tableState.navigate(key, in: rows, page: max(1, context.viewport.height - 3))
            // The offset is kept, so the view scrolls only at its edges (and a click finds its row).
            tableState.scrollToSelection(visibleRows: max(0, context.viewport.height - 2), rowCount: shown.count)
            selectedKey = selectedRow?.key
            return true
        }
        if case .char(let c) = key, c.isUppercase, c.isLetter, c != "G" {
            guard let next = ResourceSort.after(c, current: sort, columns: columns) else {
                flashMessage = PaneFlash("no column starts with \(c) — the headers are " + columns.map(\.name).joined(separator: ", "))
                return true
            }
            sort = next
            rebuild(force: true)
            return true
        }
        if key == .char("i") {
            guard var current = sort else {
                flashMessage = PaneFlash("not sorted yet: Shift+letter sorts by a column (Shift-N NAME, Shift-A AGE)")
                return true
            }
            current.descending.toggle()
            sort = current
            rebuild(force: true)
            return true
        }
        if let contexts {
            guard key == .enter else { return false }
            guard let row = selectedRow else { return true }
            if row.name == contexts.current {
                flashMessage = PaneFlash("already on context \(row.name)")
            } else {
                request = .switchContext(row.name)
            }
            return true
        }
        guard let kind else { return false }
        if key == .char("0"), kind.namespaced {
            allNamespaces.toggle()
            let namespace = allNamespaces ? nil : context.namespace
            if var next = query {
                next.namespace = namespace
                restart(next, context: context)
            }
            flashMessage = PaneFlash(allNamespaces ? "every namespace (0 again: \(context.namespace) only)" : "namespace \(context.namespace) only (0: every namespace)")
            return true
        }
        let actionKeys: Set<Key> = [.enter, .char("d"), .char("y"), .char("l"), .ctrl("d"), .char("s"), .char("r"), .ctrl("k")]
        guard actionKeys.contains(key) else { return false }
        guard let row = selectedRow else {
            flashMessage = PaneFlash("no \(kind.kind) selected")
            return true
        }
        switch key {
        case .enter where kind == .namespaces:
            request = .switchNamespace(row.name)
        case .enter, .char("d"):
            let task = context.resources?.events(about: kind, namespace: row.namespace, name: row.name)
                ?? BackgroundTask { [] }
            let object = data.objects[row.key] ?? .null
            var lines = ResourceDescription.lines(of: object, kind: kind, events: [], now: context.now)
            lines[lines.count - 1] = "Events:         (reading…)"
            sub = .describe(row, TextViewer(lines: lines.map { StyledLine($0) }), task, shown: nil)
        case .char("y"):
            openYAML(row, revealed: false, keeping: nil)
        case .char("l"):
            openLogs(row, kind: kind, context: context)
        case .ctrl("d"):
            ask(.delete, on: row, context: context)
        case .ctrl("k"):
            guard kind == .pods else { return refuse("Ctrl-K kills pods: it works in the pod view (:po)") }
            ask(.kill, on: row, context: context)
        case .char("s"):
            guard kind.scalable else { return refuse("s scales Deployments, StatefulSets and ReplicaSets, not \(kind.plural)") }
            guard allowed("scaling", context: context) else { return true }
            let replicas = data.objects[row.key]?.at("spec", "replicas")?.intValue ?? 1
            sub = .scale(row, InputField(prompt: "replicas for \(kind.kind)/\(row.name): ", text: String(replicas)))
        case .char("r"):
            guard kind.restartable else { return refuse("r restarts Deployments, StatefulSets and DaemonSets, not \(kind.plural)") }
            ask(.restart, on: row, context: context)
        default:
            return false
        }
        return true
    }

    private mutating func refuse(_ text: String) -> Bool {
        flashMessage = PaneFlash(text, isError: true)
        return true
    }

    /// False (with the reason flashed) in read-only mode.
    mutating func allowed(_ doing: String, context: PaneContext) -> Bool {
        guard context.readOnly else { return true }
        flashMessage = PaneFlash("read-only mode: \(doing) is off (start marvdash without --read-only to change the cluster)", isError: true)
        return false
    }

    mutating func ask(_ action: ResourceAction, on row: ResourceRow, context: PaneContext) {
        let doing: String
        switch action {
        case .delete: doing = "deleting"
        case .kill: doing = "killing pods"
        case .scale: doing = "scaling"
        case .restart: doing = "restarting"
        }
        guard allowed(doing, context: context) else { return }
        sub = .confirm(row, action)
    }

    mutating func run(_ action: ResourceAction, on row: ResourceRow, context: PaneContext) {
        guard let kind, allowed("changing the cluster", context: context) else { return }
        guard let source = context.resources else {
            flashMessage = PaneFlash("this console has no cluster connection for resource actions", isError: true)
            return
        }
        jobs.append(source.perform(action, kind: kind, namespace: row.namespace, name: row.name))
        flashMessage = PaneFlash(action.phrase(kind, namespace: row.namespace, name: row.name) + "…")
    }

    mutating func openYAML(_ row: ResourceRow, revealed: Bool, keeping old: TextViewer?) {
        let object = data.objects[row.key] ?? .null
        let shown = revealed ? object : SecretMask.structural.object(object)
        var lines = YAML.emit(shown).split(separator: "\n", omittingEmptySubsequences: false).map { StyledLine(String($0)) }
        while lines.last?.plainText == "" { lines.removeLast() }
        var viewer = TextViewer(lines: lines)
        if let old { viewer = TextViewer(lines: lines, offset: old.offset) }
        sub = .yaml(row, viewer, revealed: revealed)
    }

    mutating func openLogs(_ row: ResourceRow, kind: ResourceKind, context: PaneContext) {
        guard kind.hasPods else {
            flashMessage = PaneFlash("l shows logs of pods and of workloads that own pods, not of \(kind.plural)", isError: true)
            return
        }
        guard let backend = context.backend else {
            flashMessage = PaneFlash("this console has no cluster connection for logs", isError: true)
            return
        }
        let object = data.objects[row.key] ?? .null
        let query: LogQuery
        var pods: [(name: String, containers: [String])]
        if kind == .pods {
            query = LogQuery(instance: "Pod/\(row.name)", namespace: row.namespace, pod: row.name, selector: "")
            let containers = (object.at("spec", "containers")?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            pods = [(row.name, containers)]
        } else {
            // The selector's labels as the server sent them (a repeated key keeps its last value).
            var wanted: [String: String] = [:]
            for member in object.at("spec", "selector", "matchLabels")?.objectValue ?? JSONObject() {
                if let value = member.value.stringValue { wanted[member.key] = value }
            }
            guard !wanted.isEmpty else {
                flashMessage = PaneFlash("\(kind.kind)/\(row.name) has no matchLabels selector to find its pods by", isError: true)
                return
            }
            let selector = wanted.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            query = LogQuery(instance: "\(kind.kind)/\(row.name)", namespace: row.namespace, selector: selector)
            pods = (context.snapshot?.pods ?? [])
                .filter { p in p.namespace == row.namespace && wanted.allSatisfy { p.labels[$0.key] == $0.value } }
                .map { ($0.name, $0.containers.map(\.name)) }
            pods = NaturalOrder.sorted(pods, by: \.name)
        }
        var logs = ServiceLogsView(query: query, stream: backend.followLogs(query), choices: LogChoice.choices(pods: pods))
        logs.update(width: context.viewport.width, height: max(1, context.viewport.height - 1))
        sub = .logs(logs)
    }
}
