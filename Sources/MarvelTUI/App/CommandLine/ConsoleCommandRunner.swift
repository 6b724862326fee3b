import MarvelCore

/// Running what was typed at the `:` prompt, and the actions the command
/// table's handlers call (switching panes, opening a node, a service, its logs).
extension Console {
    /// Runs one command line (a leading ":" is tolerated).
    func run(_ line: String) -> ConsoleAction {
        var text = Substring(line.trimmingCharacters(in: .whitespaces))
        if text.hasPrefix(":") { text = text.dropFirst() }
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let first = words.first else { return .continue }
        guard let spec = ConsoleReference.command(named: first) else {
            let known = ConsoleReference.commands.flatMap(\.words)
            if let near = CommandSuggestion.nearest(to: first, in: known) {
                post("unknown command ':\(text)' — did you mean :\(near)\(words.count > 1 ? " " + words.dropFirst().joined(separator: " ") : "")?",
                     isError: true)
            } else {
                post("unknown command ':\(text)' — :help lists the commands, Tab completes them", isError: true)
            }
            return .continue
        }
        let arguments = Array(words.dropFirst())
        let most = spec.argument == nil ? 0 : 1
        if arguments.count > most || (spec.argument?.optional == false && arguments.isEmpty) {
            post("usage: \(spec.usage) — \(spec.summary)", isError: true)
            return .continue
        }
        return spec.run(self, arguments)
    }

    /// The names Tab completes arguments from, as the console knows them now.
    func vocabulary() -> CompletionVocabulary {
        let snapshot = state.snapshot
        let statuses = options.backend?.services().statuses ?? []
        var namespaces = Set(snapshot?.pods.map(\.namespace) ?? [])
        namespaces.formUnion(snapshot?.namespaces ?? [])
        namespaces.formUnion(statuses.map(\.instance.namespace))
        namespaces.insert(options.namespace)
        if let backend = options.backend { namespaces.insert(backend.namespace) }
        namespaces.remove("")
        var revisions: [String] = []
        if let services = panes.first(where: { $0 is ServicesPane }) as? ServicesPane, let key = services.detailInstance ?? services.selected,
            let status = statuses.first(where: { $0.instance.name == key.name && $0.instance.namespace == key.namespace })
        {
            revisions = status.instance.revisions.filter { $0 != status.instance.revision }.map(String.init)
        }
        return CompletionVocabulary([
            .node: snapshot?.nodes.map(\.name) ?? [],
            .instance: statuses.map(\.instance.name),
            .template: options.backend?.catalog().templates.map(\.id) ?? [],
            .revision: revisions,
            .namespace: Array(namespaces),
            .context: (try? options.contextSwitcher?.contexts(current: options.contextName).names) ?? [],
        ])
    }

    /// Switches to the pane titled `title`.
    func showPane(titled title: String) -> ConsoleAction {
        guard let index = panes.firstIndex(where: { $0.title == title }) else {
            post("this console has no \(title) pane", isError: true)
            return .continue
        }
        activate(index)
        return .continue
    }

    /// `:nodes [NODE]`: the Nodes pane, and the node's detail.
    func showNodes(node name: String?) -> ConsoleAction {
        show(NodesPane.self, titled: "Nodes") { pane, context in
            guard let name, !pane.openDetail(named: name, context: context) else { return nil }
            return "no node named '\(name)' — " + (pane.inventory == nil ? "the node list has not loaded yet" : "Tab completes node names")
        }
    }

    /// `:services [SERVICE]` and `:logs SERVICE`: the Services pane, and the instance's detail or logs.
    func showServices(instance name: String?, logs: Bool) -> ConsoleAction {
        show(ServicesPane.self, titled: "Services") { pane, context in
            guard let name, !pane.open(instanceNamed: name, logs: logs, context: context) else { return nil }
            return "no service named '\(name)' in the list — Tab completes service names"
        }
    }

    /// `:templates [TEMPLATE]`: the Templates pane with the template selected.
    func showTemplates(template id: String?) -> ConsoleAction {
        show(TemplatesPane.self, titled: "Templates") { pane, context in
            guard let id, !pane.select(templateID: id, context: context) else { return nil }
            return "no template '\(id)' in the catalogue — Tab completes template ids"
        }
    }

    /// Switches to the pane of type `P` and applies `change` to it; `change` says what went wrong, if anything.
    private func show<P: Pane>(_ type: P.Type, titled title: String, _ change: (inout P, PaneContext) -> String?) -> ConsoleAction {
        guard let index = panes.firstIndex(where: { $0 is P }) else { return showPane(titled: title) }
        activate(index)
        guard var pane = panes[index] as? P else { return .continue }
        let problem = change(&pane, context())
        panes[index] = pane
        takePaneFlash()
        if let problem { post(problem, isError: true) }
        return .continue
    }

    /// A command the active pane runs itself (`:rollback`), or why it cannot.
    func runPaneCommand(_ words: [String]) -> ConsoleAction {
        let text = words.joined(separator: " ")
        if var pane = activePane as? any InteractivePane, pane.runCommand(text, context: context()) {
            panes[activeIndex] = pane
            takePaneFlash()
        } else {
            post(":\(words.first ?? text) works in the Services pane: press 2, select a service, then :\(text)", isError: true)
        }
        return .continue
    }
}
