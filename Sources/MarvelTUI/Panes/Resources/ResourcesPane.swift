import Foundation
import MarvelCore

/// The k9s-like resource views (`:po`, `:deploy`, `:svc`, `:ns`, …): one kind
/// at a time as a table with kubectl's columns (the server's Table output),
/// for the console's namespace or every namespace (`0` toggles), sorted by
/// any column (Shift+letter; again or `i` inverts), filtered by a regular
/// expression or a server-side label selector (`/-l app=kafka`), kept current
/// by a watch that runs only while the view is shown. On a row: `d` describe,
/// `y` YAML (secrets masked until `x`), `l` logs, and — each confirmed, each
/// refused and hidden in read-only mode — Ctrl-D delete, `s` scale, `r`
/// rollout restart, Ctrl-K kill a pod (k9s's key: `k` moves up, as in every list). On
/// the namespace view Enter switches the
/// console's namespace; on the context view (`:ctx`) it switches the context.
public struct ResourcesPane: InteractivePane {
    /// What is shown over the table.
    enum SubView: Sendable {
        /// `shown` is the resourceVersion of the object the text was last built from with its
        /// events (nil until the first events arrived); a change of the object reads them again.
        case describe(ResourceRow, TextViewer, BackgroundTask<[JSONValue]>, shown: String?)
        case yaml(ResourceRow, TextViewer, revealed: Bool)
        case logs(ServiceLogsView)
        case confirm(ResourceRow, ResourceAction)
        case scale(ResourceRow, InputField)
    }

    /// What the pane asks of the console (which owns the namespace and the context).
    public enum Request: Sendable, Hashable {
        case switchNamespace(String)
        case switchContext(String)
    }

    public var title: String { "Resources" }
    public internal(set) var filter = ""
    /// What the view lists (nil until a `:` command chose a kind).
    public internal(set) var query: ResourceQuery?
    /// The contexts listed instead of a kind (`:ctx`), the current one marked.
    public internal(set) var contexts: ContextList?
    public internal(set) var sort: ResourceSort?
    /// The watch's last state and the rows shown (filtered and sorted).
    public internal(set) var data = ResourceViewState()
    public internal(set) var shown: [ResourceRow] = []
    var tableState = TableState(selection: 0)
    /// The key of the row under the cursor (kept across refreshes).
    public internal(set) var selectedKey: String?
    var sub: SubView?
    var watch: (any ResourceWatching)?
    /// Every namespace instead of the console's (k9s's `0`).
    public internal(set) var allNamespaces = false
    /// The console's namespace when the view was opened: when `:ns` moves it, a one-namespace
    /// view moves with it (a view opened on another namespace stays there until then).
    var consoleNamespace: String?
    var flashMessage: PaneFlash?
    var request: Request?
    var jobs: [BackgroundTask<String>] = []
    private var builtGeneration = -1
    private var builtFilter = ""
    private var builtSort: ResourceSort?

    public init() {}

    // MARK: queries

    public var acceptsFilter: Bool { sub == nil }
    public var isSubViewOpen: Bool { sub != nil }
    public var capturesAllKeys: Bool {
        switch sub {
        case .confirm, .scale: return true
        case .logs(let logs): return logs.capturesAllKeys
        default: return false
        }
    }
    /// The kind shown, if any.
    public var kind: ResourceKind? { contexts == nil ? query?.kind : nil }
    /// The open sub-view's name ("describe", "yaml", "logs", "confirm", "scale"), for tests.
    public var subViewName: String? {
        switch sub {
        case .describe?: return "describe"
        case .yaml?: return "yaml"
        case .logs?: return "logs"
        case .confirm?: return "confirm"
        case .scale?: return "scale"
        case nil: return nil
        }
    }

    public mutating func takeFlash() -> PaneFlash? {
        defer { flashMessage = nil }
        return flashMessage
    }

    /// What the pane asked the console for since the last call.
    public mutating func takeRequest() -> Request? {
        defer { request = nil }
        return request
    }

    public func keyHelp(readOnly: Bool) -> [KeyHelp] {
        switch sub {
        case .describe?: return ConsoleReference.help(.resourceDescribe, readOnly: readOnly)
        case .yaml(let row, _, _)?:
            return ConsoleReference.help(.resourceYAML, readOnly: readOnly) { $0 == "secret" && row.isSecret(kind) }
        case .logs(let logs)?: return logs.keyHelp(readOnly: readOnly)
        case .confirm?: return ConsoleReference.help(.resourceConfirm, readOnly: readOnly)
        case .scale?: return ConsoleReference.help(.resourcePrompt, readOnly: readOnly)
        case nil: break
        }
        if contexts != nil { return ConsoleReference.help(.contexts, readOnly: readOnly) }
        // Nothing opened yet: the view itself says which commands open one.
        guard let shownKind = self.kind else { return [] }
        return ConsoleReference.help(.resources, readOnly: readOnly) { condition in
            switch condition {
            case "namespaces": return shownKind == .namespaces
            case "logs": return shownKind.hasPods
            case "scale": return shownKind.scalable
            case "restart": return shownKind.restartable
            case "pods": return shownKind == .pods
            case "namespaced": return shownKind.namespaced
            default: return false
            }
        }
    }

    // MARK: opening

    /// Shows `kind` in `namespace` (nil: every namespace), restarting the watch.
    public mutating func open(kind: ResourceKind, namespace: String?, context: PaneContext) {
        contexts = nil
        sub = nil
        if kind != query?.kind { sort = nil }
        allNamespaces = kind.namespaced && namespace == nil
        consoleNamespace = context.namespace
        filter = ""
        restart(ResourceQuery(kind: kind, namespace: namespace, labelSelector: nil), context: context)
        tableState = TableState(selection: 0)
        selectedKey = nil
    }

    /// Shows the kubeconfig's contexts (`:ctx`); Enter switches.
    public mutating func openContexts(_ list: ContextList) {
        stopWatch()
        sub = nil
        contexts = list
        filter = ""
        tableState = TableState(selection: list.names.firstIndex(of: list.current) ?? 0)
        rebuild(force: true)
    }

    /// Stops the watch (the pane is no longer shown); `update` starts it again when shown.
    public mutating func suspend() {
        stopWatch()
        if case .logs(let logs)? = sub {
            logs.cancel()
            sub = nil
        }
    }

    mutating func stopWatch() {
        watch?.stop()
        watch = nil
    }

    mutating func restart(_ next: ResourceQuery, context: PaneContext) {
        stopWatch()
        query = next
        data = ResourceViewState()
        builtGeneration = -1
        guard let source = context.resources else { return }
        watch = source.watch(next)
    }

    // MARK: data

    public mutating func setFilter(_ text: String, context: PaneContext) {
        filter = text
        let selector = ResourceFilter(text).labelSelector
        if var next = query, contexts == nil, next.labelSelector != selector {
            next.labelSelector = selector
            restart(next, context: context)
        }
        rebuild(force: false)
    }

    public mutating func update(_ context: PaneContext) {
        if contexts == nil, let current = query {
            if allNamespaces { consoleNamespace = context.namespace }
            // The console's namespace moved: a one-namespace view follows it.
            if consoleNamespace != context.namespace, !allNamespaces, current.kind.namespaced {
                consoleNamespace = context.namespace
                var next = current
                next.namespace = context.namespace
                restart(next, context: context)
            } else if watch == nil, context.resources != nil {
                restart(current, context: context)
            }
        }
        if let watch { data = watch.current() }
        rebuild(force: false)
        collectJobs()
        refreshSubView(context)
    }

    /// Re-filters and re-sorts when the data, the filter or the sort changed.
    mutating func rebuild(force: Bool) {
        guard force || data.generation != builtGeneration || filter != builtFilter || sort != builtSort else { return }
        builtGeneration = data.generation
        builtFilter = filter
        builtSort = sort
        if let contexts {
            shown = ResourceFilter(filter).apply(contexts.rows)
        } else {
            let table = data.table
            var rows = ResourceFilter(filter).apply(table?.rows ?? [])
            if let sort, let columns = table?.columns { rows = sort.sorted(rows, columns: columns) }
            shown = rows
        }
        if let key = selectedKey, let index = shown.firstIndex(where: { $0.key == key }) {
            tableState.selection = index
        } else {
            tableState.selection = shown.isEmpty ? nil : min(tableState.selection ?? 0, shown.count - 1)
        }
        selectedKey = tableState.selection.flatMap { shown.indices.contains($0) ? shown[$0].key : nil }
    }

    /// The row under the cursor.
    public var selectedRow: ResourceRow? {
        tableState.selection.flatMap { shown.indices.contains($0) ? shown[$0] : nil }
    }

    /// The columns shown now.
    public var columns: [ResourceColumn] {
        contexts != nil ? ContextList.columns : (data.table?.columns ?? [])
    }

    /// Flashes the outcome of actions that ended.
    mutating func collectJobs() {
        jobs.removeAll { job in
            switch job.result {
            case nil: return false
            case .success(let line)?: flashMessage = PaneFlash(line)
            case .failure(let why)?: flashMessage = PaneFlash(why.text, isError: true)
            }
            return true
        }
    }

    /// Keeps an open describe (its events arrive later, and again after the object changes) and logs view current.
    mutating func refreshSubView(_ context: PaneContext) {
        switch sub {
        case .describe(let row, var viewer, let task, let shown):
            guard let kind, let object = data.objects[row.key] else { return }
            let version = object.at("metadata", "resourceVersion")?.stringValue ?? ""
            guard let result = task.result else { return }
            if shown != nil {
                // Shown already: a changed object (a pod scheduled, restarted) reads its events again.
                if shown != version, let source = context.resources {
                    sub = .describe(row, viewer, source.events(about: kind, namespace: row.namespace, name: row.name), shown: nil)
                }
                return
            }
            let events = (try? result.get()) ?? []
            var lines = ResourceDescription.lines(of: object, kind: kind, events: events, now: context.now)
            if case .failure(let why) = result { lines.append("(events could not be read: \(why.text))") }
            viewer.replaceLines(lines.map { StyledLine($0) })
            sub = .describe(row, viewer, task, shown: version)
        case .logs(var logs):
            logs.update(width: context.viewport.width, height: max(1, context.viewport.height - 1))
            if let message = logs.takeMessage() { flashMessage = message }
            sub = .logs(logs)
        default:
            break
        }
    }
}

extension ResourceRow {
    /// Whether the row is a Secret (its YAML is masked until `x`).
    func isSecret(_ kind: ResourceKind?) -> Bool { kind == .secrets }
}
