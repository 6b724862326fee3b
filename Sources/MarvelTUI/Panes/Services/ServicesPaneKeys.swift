import Foundation
import MarvelCore

/// The Services pane's keys: moving in the list, opening the detail, logs and
/// manifests, and the actions (upgrade, rollback, delete) with their refusals.
extension ServicesPane {
    public mutating func handle(_ key: Key, context: PaneContext) -> Bool {
        update(context)
        guard hasBackend else { return false }
        switch view {
        case .list:
            return handleList(key, context: context)
        case .detail(let instanceKey, var viewer):
            if key == .escape || key == .char("q") {
                view = .list
                return true
            }
            if viewer.handle(key, height: max(1, context.viewport.height)) {
                view = .detail(instanceKey, viewer)
                return true
            }
            return handleAction(key, on: instanceKey, context: context)
        case .logs(var logs, let from):
            if !logs.capturesAllKeys, key == .char("q") || (key == .escape && logs.search == nil) {
                logs.cancel()
                view = from.map { backToDetail($0, context: context) } ?? .list
                return true
            }
            let handled = logs.handle(key, width: context.viewport.width, height: logsHeight(context), backend: backend(context))
            if let message = logs.takeMessage() { flashMessage = message }
            logs.update(width: context.viewport.width, height: logsHeight(context))
            view = .logs(logs, from: from)
            return handled
        case .manifests(let instanceKey, let title, var viewer, let from):
            if key == .escape || key == .char("q") {
                view = from.map { backToDetail($0, context: context) } ?? .list
                return true
            }
            let handled = viewer.handle(key, height: max(1, context.viewport.height - 1))
            view = .manifests(instanceKey, title: title, viewer, from: from)
            return handled
        case .confirm(let confirm):
            switch key {
            case .char("y"), .char("Y"):
                submit(confirm, context: context)
            case .char(let c) where c == confirm.alternative?.key:
                // submit refuses in read-only mode, as it does for y.
                if let alternative = confirm.takingAlternative { submit(alternative, context: context) }
            case .char("n"), .char("N"), .escape, .enter:
                view = .list
                flashMessage = PaneFlash("cancelled: nothing was changed")
            default:
                break
            }
            return true
        case .job(let job):
            if job.isFinished {
                view = .list
            } else if key == .escape {
                backgroundJobs.append(job)
                view = .list
                flashMessage = PaneFlash("\(job.title) goes on in the background; its outcome will show here")
            }
            return true
        case .upgrade(var flow):
            let outcome = flow.handle(key, context: context)
            if let message = flow.takeMessage() { flashMessage = message }
            switch outcome {
            case .open:
                view = .upgrade(flow)
            case .closed:
                view = .list
                if let closing = flow.closingFlash { flashMessage = closing }
            }
            return true
        }
    }

    mutating func handleList(_ key: Key, context: PaneContext) -> Bool {
        let rows = table.rows
        let height = listBodyHeight(context)
        switch key {
        case let navigation where TableState.isNavigationKey(navigation): table.state.navigate(navigation, in: rows, page: max(1, height - 1))
        case .enter, .char("d"):
            guard let key = selected else { return true }
            view = backToDetail(key, context: context)
            return true
        default:
            guard let instanceKey = selected else {
                if Self.actionKeys.contains(key) {
                    flashMessage = PaneFlash("no service selected")
                    return true
                }
                return false
            }
            return handleAction(key, on: instanceKey, context: context)
        }
        table.state.scrollToSelection(visibleRows: height, rowCount: rows.count, rows: rows)
        selected = table.state.selection.flatMap { shown.indices.contains($0) ? InstanceKey(shown[$0].instance) : nil }
        return true
    }

    static let actionKeys: Set<Key> = [.char("l"), .char("y"), .char("u"), .char("R"), .ctrl("d")]

    /// The keys that act on one instance, from the list or its detail view.
    mutating func handleAction(_ key: Key, on instanceKey: InstanceKey, context: PaneContext) -> Bool {
        guard Self.actionKeys.contains(key) else { return false }
        guard let status = status(of: instanceKey) else {
            flashMessage = PaneFlash("'\(instanceKey.name)' is no longer listed", isError: true)
            return true
        }
        let instance = status.instance
        let from: InstanceKey? = detailInstance
        switch key {
        case .char("l"):
            guard let backend = backend(context) else { return refuseWithoutBackend() }
            let query = LogQuery(instance: instance.name, namespace: instance.namespace)
            var logs = ServiceLogsView(query: query, stream: backend.followLogs(query), choices: logChoices(status, context: context))
            // Several pods or containers: the picker opens over the (already following) log of all of them.
            if logs.choices.count > 1 { _ = logs.handle(.char("c"), width: context.viewport.width, height: logsHeight(context), backend: backend) }
            logs.update(width: context.viewport.width, height: logsHeight(context))
            view = .logs(logs, from: from)
        case .char("y"):
            let title = "Manifests: \(instance.name)"
                + (instance.managedBy == .karvdash
                    ? " (Karvdash Service)"
                    : " (revision \(instance.revision), \(instance.manifests.count) object\(instance.manifests.count == 1 ? "" : "s"))")
            view = .manifests(instanceKey, title: title, TextViewer(lines: ServiceManifests.lines(for: instance)), from: from)
        case .char("u"):
            guard mayChange(instance, doing: "upgrading", context: context) else { return true }
            startUpgrade(instance, context: context)
        case .char("R"):
            askRollback(instance, to: nil, context: context)
        case .ctrl("d"):
            guard mayChange(instance, doing: "deleting", context: context) else { return true }
            let record = instance.state == .orphaned ? [] : ["Secret/\(InstanceRecord.objectName(instance.name)) (the instance record)"]
            let objects = instance.objectNames + record
            // Its claims (their data) are kept by y; P removes them too. Never offered read-only.
            let claims = instance.volumes
            let purge = claims.isEmpty || context.readOnly
                ? nil
                : ServiceConfirm.Alternative(
                    key: "P", label: "delete and purge its claims",
                    request: .deleteAndPurge(name: instance.name, namespace: instance.namespace),
                    progressTitle: "Deleting '\(instance.name)' and purging its claims")
            let kept = claims.isEmpty
                ? []
                : [StyledLine("  claims with its data (y keeps them, P deletes them):", TextStyle(.dim))] + claims.map { StyledLine("  " + $0) }
            view = .confirm(ServiceConfirm(
                question: "Delete '\(instance.name)' and its \(objects.count) objects? y/N",
                details: [StyledLine("  in namespace \(instance.namespace):", TextStyle(.dim))] + objects.map { StyledLine("  " + $0) } + kept,
                request: .delete(name: instance.name, namespace: instance.namespace),
                progressTitle: "Deleting '\(instance.name)'", alternative: purge))
        default:
            return false
        }
        return true
    }

    /// The pods and containers the logs view offers for `status`: its pods in natural
    /// order with their containers as the snapshot knows them.
    func logChoices(_ status: InstanceStatus, context: PaneContext) -> [LogChoice] {
        let namespace = status.instance.namespace
        let known = context.snapshot?.pods.filter { $0.namespace == namespace } ?? []
        let pods = NaturalOrder.sorted(status.pods, by: \.name).map { entry in
            (name: entry.name, containers: known.first { $0.name == entry.name }?.containers.map(\.name) ?? [])
        }
        return LogChoice.choices(pods: pods)
    }

    /// Opens the y/N question for rolling `instance` back to `revision` (default: the kept one before the current).
    mutating func askRollback(_ instance: Instance, to revision: Int?, context: PaneContext) {
        guard mayChange(instance, doing: "rolling back", context: context) else { return }
        let kept = instance.revisions.map(String.init).joined(separator: ", ")
        guard let target = revision ?? instance.rollbackTarget else {
            flashMessage = PaneFlash("'\(instance.name)' has no earlier revision to roll back to (kept: \(kept.isEmpty ? "none" : kept))", isError: true)
            return
        }
        guard target != instance.revision, instance.revisions.contains(target) else {
            let why = target == instance.revision ? "is the current one" : "is not kept (kept: \(kept.isEmpty ? "none" : kept))"
            flashMessage = PaneFlash("cannot roll '\(instance.name)' back to revision \(target): it \(why)", isError: true)
            return
        }
        view = .confirm(ServiceConfirm(
            question: "Roll back '\(instance.name)' from revision \(instance.revision) to revision \(target)? y/N",
            details: [
                StyledLine("  re-applies revision \(target)'s manifests and values as revision \(instance.revision + 1);"),
                StyledLine("  objects revision \(target) does not have are removed"),
            ],
            request: .rollback(name: instance.name, namespace: instance.namespace, revision: target),
            progressTitle: "Rolling back '\(instance.name)' to revision \(target)"))
    }

    /// Runs a command typed at the console's `:` prompt for this pane: "rollback" or
    /// "rollback N" on the selected instance (or the one whose detail is open).
    /// False when the text is not a command of this pane (the console then says so).
    public mutating func runCommand(_ text: String, context: PaneContext) -> Bool {
        update(context)
        let words = text.split(separator: " ").map(String.init)
        guard let verb = words.first?.lowercased(), verb == "rollback" || verb == "rb", words.count <= 2, hasBackend else { return false }
        var revision: Int?
        if words.count == 2 {
            guard let n = Int(words[1].trimmingCharacters(in: CharacterSet(charactersIn: "r"))) else {
                flashMessage = PaneFlash("usage: :rollback [REVISION] — '\(words[1])' is not a revision number", isError: true)
                return true
            }
            revision = n
        }
        guard let key = detailInstance ?? (isListShown ? selected : nil), let status = status(of: key) else {
            flashMessage = PaneFlash(":rollback needs a service: select one in the list first", isError: true)
            return true
        }
        askRollback(status.instance, to: revision, context: context)
        return true
    }

    var isListShown: Bool { if case .list = view { return true }; return false }

    /// False (with a flash saying why) in read-only mode, for Karvdash instances and without a backend.
    mutating func mayChange(_ instance: Instance, doing action: String, context: PaneContext) -> Bool {
        if context.readOnly {
            flashMessage = PaneFlash("read-only mode: \(action) is off (the console was started read-only)", isError: true)
            return false
        }
        if instance.managedBy == .karvdash {
            flashMessage = PaneFlash(
                "'\(instance.name)' was deployed by MARVdash/Karvdash and is read-only here: \(action) it is done in Karvdash", isError: true)
            return false
        }
        if instance.state == .orphaned && action != "deleting" {
            flashMessage = PaneFlash("'\(instance.name)' has no record, only objects labelled with it: Ctrl-D deletes them; then deploy it again", isError: true)
            return false
        }
        if backend(context) == nil { return refuseWithoutBackend() }
        return true
    }

    mutating func refuseWithoutBackend() -> Bool {
        flashMessage = PaneFlash("no cluster backend in this console: actions are off", isError: true)
        return false
    }

    mutating func startUpgrade(_ instance: Instance, context: PaneContext) {
        guard let backend = backend(context) else { return }
        guard let template = backend.catalog().templates.first(where: { $0.id == instance.templateID }) else {
            flashMessage = PaneFlash(
                "template '\(instance.templateID)' is no longer in the catalogue: cannot show the upgrade form for '\(instance.name)' (R rolls back)",
                isError: true)
            return
        }
        view = .upgrade(DeployFlow(
            template: template, values: instance.values, automatic: backend.automaticValues(for: template), upgrading: instance))
    }

    mutating func submit(_ confirm: ServiceConfirm, context: PaneContext) {
        guard !context.readOnly else {
            view = .list
            flashMessage = PaneFlash("read-only mode: nothing was changed", isError: true)
            return
        }
        guard let backend = backend(context) else {
            view = .list
            _ = refuseWithoutBackend()
            return
        }
        var job = ServiceJobView(id: backend.submit(confirm.request), title: confirm.progressTitle)
        job.update(backend)
        view = .job(job)
    }

    func backToDetail(_ key: InstanceKey, context: PaneContext) -> View {
        guard let status = status(of: key) else { return .list }
        return .detail(key, TextViewer(lines: ServiceDetail.lines(
                    for: status, now: clock(), width: context.viewport.width, podUsage: context.snapshot?.usage?.pods ?? [:])))
    }

    func status(of key: InstanceKey) -> InstanceStatus? {
        services.statuses.first { $0.instance.name == key.name && $0.instance.namespace == key.namespace }
    }
}
