import MarvelCore

/// The Nodes pane's label and taint editor (key `e`): the selected node's
/// labels and taints in one list, and the seed's Listings 30–32 as keys —
/// `l` adds or changes a label (KEY=VALUE), `t` adds a taint
/// (KEY[=VALUE]:EFFECT), `x`/Delete removes the selected one; each change is
/// confirmed y/N and sent as one PATCH by the backend. It reads the node from
/// every snapshot, so what it lists is what the cluster has.
struct NodeLabelEditor: Sendable, Equatable {
    /// One row of the list.
    enum Item: Sendable, Equatable {
        case label(key: String, value: String)
        case taint(Node.Taint)

        var text: String {
            switch self {
            case .label(let key, let value): return "label  \(key)=\(value)"
            case .taint(let taint): return "taint  \(taint)"
            }
        }

        /// The change that removes it.
        var removal: NodeAction {
            switch self {
            case .label(let key, _): return .removeLabel(key: key)
            case .taint(let taint): return .removeTaint(key: taint.key, effect: taint.effect)
            }
        }
    }

    /// What the editor is doing.
    enum Step: Sendable, Equatable {
        case list
        /// Typing a label (`isTaint` false) or a taint.
        case typing(isTaint: Bool, field: InputField)
        case confirm(NodeAction)
    }

    /// What a key asks of the pane.
    enum Outcome: Sendable, Equatable {
        case stay
        case close
        /// Submit this change (confirmed).
        case submit(NodeAction)
    }

    let node: String
    private(set) var selection = 0
    private(set) var step: Step = .list
    /// The last problem with typed text, shown until the next key.
    private(set) var problem: String?

    init(node: String) { self.node = node }

    /// The node's labels (sorted by key), then its taints, from `row`.
    static func items(of row: NodeRow?) -> [Item] {
        guard let node = row?.node else { return [] }
        return node.labels.keys.sorted().map { Item.label(key: $0, value: node.labels[$0] ?? "") } + node.taints.map(Item.taint)
    }

    mutating func handle(_ key: Key, items: [Item]) -> Outcome {
        problem = nil
        switch step {
        case .list:
            switch key {
            case .escape, .char("q"): return .close
            case .down, .char("j"): selection = min(max(0, items.count - 1), selection + 1)
            case .up, .char("k"): selection = max(0, selection - 1)
            case .char("g"), .home: selection = 0
            case .char("G"), .end: selection = max(0, items.count - 1)
            case .char("l"), .char("a"): step = .typing(isTaint: false, field: InputField(prompt: "label KEY=VALUE: "))
            case .char("t"): step = .typing(isTaint: true, field: InputField(prompt: "taint KEY[=VALUE]:EFFECT: "))
            case .char("x"), .delete, .backspace:
                guard items.indices.contains(selection) else { return .stay }
                step = .confirm(items[selection].removal)
            default: break
            }
        case .typing(let isTaint, var field):
            switch field.handle(key) {
            case .cancelled: step = .list
            case .submitted:
                do {
                    step = .confirm(isTaint ? try NodeAction.taint(parsing: field.text) : try NodeAction.label(parsing: field.text))
                } catch {
                    problem = error.description
                    step = .typing(isTaint: isTaint, field: field)
                }
            case .changed, .unchanged:
                step = .typing(isTaint: isTaint, field: field)
            }
        case .confirm(let action):
            step = .list
            if key == .char("y") || key == .char("Y") { return .submit(action) }
        }
        return .stay
    }

    /// Keeps the selection inside a list of `count` rows (the node changed under it).
    mutating func clamp(count: Int) {
        selection = max(0, min(selection, count - 1))
    }

    /// The editor over the pane's area.
    func render(items: [Item], in rect: Rect, on screen: any Screen) {
        guard rect.height > 2 else { return }
        screen.blank(rect)
        let (titleRow, rest) = rect.splitTop(1)
        let (body, footer) = rest.splitBottom(2)
        screen.draw(
            " Labels and taints of \(node) — l label · t taint · x remove · Esc back", in: titleRow, style: TextStyle(.title, bold: true))
        var lines = items.enumerated().map { i, item in
            let style: TextStyle
            if case .taint = item { style = TextStyle(.statusWarn, bold: i == selection) } else { style = TextStyle(.normal, bold: i == selection) }
            return StyledLine([StyledSpan(i == selection ? " › " : "   ", TextStyle(.selection)), StyledSpan(item.text, style)])
        }
        if lines.isEmpty { lines = [StyledLine("   no labels or taints", TextStyle(.dim))] }
        var viewer = TextViewer(lines: lines)
        viewer.scroll(by: max(0, selection + 1 - body.height), height: body.height)
        viewer.render(in: body, on: screen)
        let (question, hint) = footer.splitTop(1)
        switch step {
        case .list:
            screen.draw(" Taints keep off pods that do not tolerate them (deploy --tolerate KEY=VALUE:EFFECT).", in: question, style: TextStyle(.dim))
        case .typing(_, let field):
            field.render(row: question.row, column: question.column, width: question.width, on: screen)
        case .confirm(let action):
            screen.draw(" \(NodesPaneDialog.capitalized(action.change(node: node)))? y/N", in: question, style: TextStyle(.statusWarn, bold: true))
        }
        if let problem {
            screen.draw(" ✖ " + problem, in: hint, style: TextStyle(.statusError, bold: true))
        } else if case .typing(let isTaint, _) = step {
            let example = isTaint ? "Layer=GRNEDGE1:NoSchedule (effects: NoSchedule, PreferNoSchedule, NoExecute)" : "Layer=GRNEDGE1"
            screen.draw(" e.g. \(example) · Enter · Esc cancels", in: hint, style: TextStyle(.dim))
        }
    }
}

/// Opening, driving and drawing the label and taint editor from the Nodes pane.
extension NodesPane {
    /// `e` on the node list: opens the editor for the selected node (not in read-only mode).
    mutating func openLabelEditor(context: PaneContext) {
        if context.readOnly {
            flash = PaneFlash("read-only mode: editing labels and taints is turned off (started with --read-only or readOnly in the config)", isError: true)
        } else if context.backend == nil {
            flash = PaneFlash("no cluster backend: this console cannot change nodes", isError: true)
        } else if let node = selectedName {
            labelEditor = NodeLabelEditor(node: node)
        } else {
            flash = PaneFlash("select a node first (j/k), then e", isError: true)
        }
    }

    /// A key for the open editor; submits confirmed changes as node actions.
    mutating func handleLabelEditor(_ key: Key, context: PaneContext) {
        guard var editor = labelEditor else { return }
        let items = NodeLabelEditor.items(of: inventory?.row(named: editor.node))
        switch editor.handle(key, items: items) {
        case .stay:
            labelEditor = editor
        case .close:
            labelEditor = nil
        case .submit(let action):
            labelEditor = editor
            guard !context.readOnly, let backend = context.backend else {
                flash = PaneFlash("read-only mode: \(action) is turned off", isError: true)
                return
            }
            jobs.append(NodeJob(id: backend.submit(.node(name: editor.node, action: action)), node: editor.node, action: action))
            flash = PaneFlash("\(action.phrase(node: editor.node))…")
        }
    }

    func renderLabelEditor(in rect: Rect, on screen: any Screen) {
        guard var editor = labelEditor else { return }
        let items = NodeLabelEditor.items(of: inventory?.row(named: editor.node))
        editor.clamp(count: items.count)
        editor.render(items: items, in: rect, on: screen)
    }
}
