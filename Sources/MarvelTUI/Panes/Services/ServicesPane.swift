import Foundation
import MarvelCore

/// The Services pane: every deployed instance with its template, revision,
/// Ready x/y, status (with the scheduler's reason when Pending), nodes, age and
/// endpoints; Enter opens the detail, `l` follows the logs, `y` shows the
/// manifests, `u` upgrades, `R` rolls back and Ctrl-D deletes (both confirmed).
public struct ServicesPane: InteractivePane {
    /// Identifies an instance across polls.
    public struct InstanceKey: Sendable, Hashable {
        public var name: String
        public var namespace: String
        public init(name: String, namespace: String) {
            self.name = name
            self.namespace = namespace
        }
        init(_ instance: Instance) { self.init(name: instance.name, namespace: instance.namespace) }
    }

    /// What the pane shows instead of the list.
    enum View: Sendable {
        case list
        case detail(InstanceKey, TextViewer)
        case logs(ServiceLogsView, from: InstanceKey?)
        case manifests(InstanceKey, title: String, TextViewer, from: InstanceKey?)
        case confirm(ServiceConfirm)
        case job(ServiceJobView)
        case upgrade(DeployFlow)
    }

    public var title: String { "Services" }
    public private(set) var filter: String = ""
    /// The last poll read from the backend.
    public private(set) var services = ServicesState()
    /// The instances the table shows (after the filter), in table order.
    public private(set) var shown: [InstanceStatus] = []
    public internal(set) var table = Table(columns: ServiceTableModel.columns, rows: [])
    /// The instance under the cursor.
    public internal(set) var selected: InstanceKey?
    var view: View = .list
    let clock: @Sendable () -> Date
    var flashMessage: PaneFlash?
    /// Actions left running in the background (Esc in the progress view): their outcome is flashed.
    var backgroundJobs: [ServiceJobView] = []
    private var builtGeneration: Int?
    private var builtSecond: Int?
    private var builtFilter: String?
    /// Whether the last context had a backend (without one the pane only says so).
    var hasBackend = false

    /// `clock` dates the AGE column (tests pass a fixed one). The data and the actions
    /// come from the context's backend.
    public init(clock: @escaping @Sendable () -> Date = { Date() }) {
        self.clock = clock
    }

    // MARK: state queries

    /// The name of the instance whose detail view is open.
    public var detailInstance: InstanceKey? {
        if case .detail(let key, _) = view { return key }
        return nil
    }

    /// A short name of the current view: list, detail, logs, manifests, confirm, job, upgrade.
    public var viewName: String {
        switch view {
        case .list: return "list"
        case .detail: return "detail"
        case .logs: return "logs"
        case .manifests: return "manifests"
        case .confirm: return "confirm"
        case .job: return "job"
        case .upgrade: return "upgrade"
        }
    }

    public var acceptsFilter: Bool {
        guard hasBackend else { return false }
        if case .list = view { return true }
        return false
    }

    public var capturesAllKeys: Bool {
        switch view {
        case .confirm, .job: return true
        case .upgrade(let flow): return flow.capturesAllKeys
        case .logs(let logs, _): return logs.capturesAllKeys
        default: return false
        }
    }

    public mutating func takeFlash() -> PaneFlash? {
        defer { flashMessage = nil }
        return flashMessage
    }

    func backend(_ context: PaneContext) -> (any ConsoleBackend)? { context.backend }

    // MARK: keys

    public func keyHelp(readOnly: Bool) -> [KeyHelp] {
        guard hasBackend else { return [] }
        switch view {
        case .list: return ConsoleReference.help(.services, readOnly: readOnly)
        case .detail: return ConsoleReference.help(.serviceDetail, readOnly: readOnly)
        case .logs(let logs, _): return logs.keyHelp(readOnly: readOnly)
        case .manifests: return ConsoleReference.help(.manifests, readOnly: readOnly)
        case .confirm(let confirm):
            return ConsoleReference.help(.serviceConfirm, readOnly: readOnly) { $0 == "claims" && confirm.alternative != nil }
        case .job(let job): return ConsoleReference.help(.serviceJob, readOnly: readOnly) { $0 == (job.isFinished ? "finished" : "running") }
        case .upgrade(let flow): return flow.keyHelp(readOnly: readOnly)
        }
    }

    public var isSubViewOpen: Bool {
        switch view {
        case .detail, .logs, .manifests, .upgrade: return true
        case .list, .confirm, .job: return false
        }
    }

    public mutating func setFilter(_ text: String, context: PaneContext) {
        guard text != filter else { return }
        filter = text
        rebuild(context)
    }

    public mutating func update(_ context: PaneContext) {
        let backend = backend(context)
        hasBackend = backend != nil
        if let latest = backend?.services() { services = latest }
        let second = Int(clock().timeIntervalSince1970.rounded(.down))
        if builtGeneration != services.generation || builtSecond != second || builtFilter != filter {
            rebuild(context)
        }
        switch view {
        case .detail(let key, var viewer):
            if let status = status(of: key) {
                viewer.replaceLines(ServiceDetail.lines(
                    for: status, now: clock(), width: context.viewport.width, podUsage: context.snapshot?.usage?.pods ?? [:]))
                view = .detail(key, viewer)
            }
        case .logs(var logs, let from):
            logs.update(width: context.viewport.width, height: logsHeight(context))
            view = .logs(logs, from: from)
        case .job(var job):
            let wasFinished = job.isFinished
            job.update(backend)
            if job.isFinished && !wasFinished { flashMessage = job.outcomeMessage }
            view = .job(job)
        default:
            break
        }
        var stillRunning: [ServiceJobView] = []
        for var job in backgroundJobs {
            job.update(backend)
            if job.isFinished { flashMessage = job.outcomeMessage } else { stillRunning.append(job) }
        }
        backgroundJobs = stillRunning
    }

    // MARK: layout

    /// Rows for table data: the viewport less the header and the poll-error line.
    func listBodyHeight(_ context: PaneContext) -> Int {
        max(1, context.viewport.height - 1 - (services.error == nil ? 0 : 1))
    }

    func logsHeight(_ context: PaneContext) -> Int { max(1, context.viewport.height - 1) }

    private mutating func rebuild(_ context: PaneContext) {
        let now = clock()
        builtGeneration = services.generation
        builtSecond = Int(now.timeIntervalSince1970.rounded(.down))
        builtFilter = filter
        shown = services.statuses.filter { ServiceTableModel.matches($0, filter: filter) }
        let qualified = Set(services.statuses.map(\.instance.namespace)).count > 1
        table.setRows(shown.map { .data(ServiceTableModel.cells($0, now: now, qualified: qualified)) })
        if let key = selected, let index = shown.firstIndex(where: { InstanceKey($0.instance) == key }) {
            table.state.selection = index
        } else {
            table.state.selection = nil
        }
        table.state.clamp(to: table.rows)
        table.state.scrollToSelection(visibleRows: listBodyHeight(context), rowCount: table.rows.count, rows: table.rows)
        selected = table.state.selection.flatMap { shown.indices.contains($0) ? InstanceKey(shown[$0].instance) : nil }
    }
}
