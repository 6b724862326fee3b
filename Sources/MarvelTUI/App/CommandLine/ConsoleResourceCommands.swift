import MarvelCore

/// The resource-view commands (`:po`, `:deploy`, …, `:ns`, `:ctx`) and what the
/// resource views ask of the console: switching the namespace and the context.
extension Console {
    /// The Resources pane's index (added when the console was built without one).
    func resourcesPaneIndex() -> Int {
        if let index = panes.firstIndex(where: { $0 is ResourcesPane }) { return index }
        panes.append(ResourcesPane())
        return panes.count - 1
    }

    /// `:resources`: the pane as it was left.
    func showResourcesPane() -> ConsoleAction {
        activate(resourcesPaneIndex())
        return .continue
    }

    /// `:po [NAMESPACE]`: the kind's view in NAMESPACE ("all": every one; default the console's).
    func showResources(_ kind: ResourceKind, namespace word: String?) -> ConsoleAction {
        let index = resourcesPaneIndex()
        activate(index)
        guard var pane = panes[index] as? ResourcesPane else { return .continue }
        let namespace: String? = word.map { $0 == "all" || $0 == "-A" ? nil : $0 } ?? options.namespace
        pane.open(kind: kind, namespace: namespace, context: context())
        panes[index] = pane
        if options.resources == nil {
            post("resource views need a cluster connection: this console has none", isError: true)
        }
        return .continue
    }

    /// `:ns NAME` switches the namespace; `:ns` alone opens the namespace view.
    func namespaceCommand(_ name: String?) -> ConsoleAction {
        guard let name else { return showResources(.namespaces, namespace: nil) }
        switchNamespace(to: name)
        return .continue
    }

    /// `:ctx NAME` switches the context; `:ctx` alone lists the kubeconfig's contexts.
    func contextCommand(_ name: String?) -> ConsoleAction {
        guard let switcher = options.contextSwitcher else {
            post("no kubeconfig: this console runs on \(options.embedded ? "the embedded cluster" : options.contextName) only — start with --kubeconfig to switch contexts", isError: true)
            return .continue
        }
        if let name {
            switchContext(to: name)
            return .continue
        }
        let list: ContextList
        do {
            list = try switcher.contexts(current: options.contextName)
        } catch {
            post("cannot read the contexts: \(error)", isError: true)
            return .continue
        }
        let index = resourcesPaneIndex()
        activate(index)
        guard var pane = panes[index] as? ResourcesPane else { return .continue }
        pane.openContexts(list)
        panes[index] = pane
        return .continue
    }

    /// Moves the console to `namespace`: the title, the backend (Services pane, deploys) and one-namespace views follow.
    func switchNamespace(to namespace: String) {
        guard namespace != options.namespace else {
            post("already in namespace \(namespace)")
            return
        }
        let known = Set(state.snapshot?.namespaces ?? [])
        options.namespace = namespace
        options.backend?.switchNamespace(namespace)
        panes[activeIndex].update(context())
        if !known.isEmpty, !known.contains(namespace) {
            post("namespace \(namespace) (the cluster has no such namespace yet — :ns lists them)", isError: true)
        } else {
            post("namespace \(namespace)")
        }
    }

    /// Connects to context `name`: a new connection replaces the source, backend and resource views.
    func switchContext(to name: String) {
        guard let switcher = options.contextSwitcher else { return }
        guard name != options.contextName else {
            post("already on context \(name)")
            return
        }
        let parts: ConsoleConnectionParts
        do {
            parts = try switcher.open(context: name)
        } catch {
            post("cannot switch to context \(name): \(error)", isError: true)
            return
        }
        suspendResourceViews()
        options.source.stop()
        options.backend?.stop()
        closeConnection?()
        options.source = parts.source
        options.backend = parts.backend
        options.resources = parts.resources
        options.metrics = parts.metrics
        options.contextName = parts.contextName
        options.namespace = parts.namespace
        options.serverURL = parts.serverURL
        options.warnings = parts.warnings
        options.embedded = false
        closeConnection = parts.close
        parts.source.start()
        parts.backend?.start()
        if let training = panes.firstIndex(where: { $0 is TrainingPane }) { panes[training] = TrainingPane(source: parts.metrics) }
        state = parts.source.current()
        sync()
        post("context \(name) (\(parts.serverURL)), namespace \(parts.namespace)")
    }

    /// Handles what the active resource view asked for (Enter on a namespace or a context).
    func takeResourceRequest() {
        guard var pane = panes[activeIndex] as? ResourcesPane, let request = pane.takeRequest() else { return }
        panes[activeIndex] = pane
        switch request {
        case .switchNamespace(let name): switchNamespace(to: name)
        case .switchContext(let name): switchContext(to: name)
        }
    }

    /// Stops every resource view's watch (the view reopens it when shown again).
    func suspendResourceViews() {
        for index in panes.indices {
            guard var pane = panes[index] as? ResourcesPane else { continue }
            pane.suspend()
            panes[index] = pane
        }
    }

    /// Stops the watches, the data source and the backend (the console is leaving).
    public func shutdown() {
        suspendResourceViews()
        options.source.stop()
        options.backend?.stop()
        closeConnection?()
        closeConnection = nil
    }
}
