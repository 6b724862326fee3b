import MarvelCore

/// A question the Nodes pane is asking: which template to count headroom for
/// (`h`), which layer to dedicate a node to (`D`), or y/N before a node action.
/// While one is open the pane takes every key.
public enum NodesPaneDialog: Sendable, Equatable {
    case templatePicker(ids: [String], selection: Int)
    case chooseLayer(node: String)
    case confirm(node: String, action: NodeAction)

    /// The lines the pane draws at the bottom of its area, the question first.
    func lines() -> [StyledLine] {
        switch self {
        case .templatePicker(let ids, let selection):
            var out = [StyledLine(" Headroom for which template? j/k move, Enter choose, Esc cancel", TextStyle(.statusWarn, bold: true))]
            for (i, id) in ids.enumerated() {
                out.append(StyledLine((i == selection ? " › " : "   ") + id, TextStyle(i == selection ? .selection : .normal, bold: i == selection)))
            }
            return out
        case .chooseLayer(let node):
            return [StyledLine(" Dedicate \(node) to which layer? e edge · f fog · c cloud · Esc cancel", TextStyle(.statusWarn, bold: true))]
        case .confirm(let node, let action):
            return [StyledLine(" \(Self.capitalized(action.change(node: node)))? y/N", TextStyle(.statusWarn, bold: true))]
        }
    }

    static func capitalized(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}

/// The Nodes pane's actions: headroom per layer and the node changes
/// (dedicate, undedicate, cordon, uncordon), each confirmed and run by the backend.
extension NodesPane {
    /// Starts an action key; nil when `key` is not one.
    mutating func startAction(_ key: Key, context: PaneContext) -> Bool? {
        let action: NodeAction?
        switch key {
        case .char("h"):
            let ids = context.backend?.catalog().templates.map(\.id) ?? []
            guard !ids.isEmpty else {
                flash = PaneFlash("headroom needs the template catalogue — this console has none", isError: true)
                return true
            }
            dialog = .templatePicker(ids: ids, selection: headroomTemplateID.flatMap { ids.firstIndex(of: $0) } ?? 0)
            return true
        case .char("e"):
            openLabelEditor(context: context)
            return true
        case .char("D"): action = nil
        case .char("U"): action = .undedicate
        case .char("c"): action = .cordon
        case .char("C"): action = .uncordon
        default: return nil
        }
        let what = action.map(\.description) ?? "dedicate"
        if context.readOnly {
            flash = PaneFlash("read-only mode: \(what) is turned off (started with --read-only or readOnly in the config)", isError: true)
            return true
        }
        guard context.backend != nil else {
            flash = PaneFlash("no cluster backend: this console cannot \(what) nodes", isError: true)
            return true
        }
        guard let node = selectedName else {
            flash = PaneFlash("select a node first (j/k), then \(what)", isError: true)
            return true
        }
        if let action, let nothing = Self.nothingToDo(action, on: inventory?.row(named: node)?.node) {
            flash = PaneFlash(nothing)
            return true
        }
        dialog = action.map { .confirm(node: node, action: $0) } ?? .chooseLayer(node: node)
        return true
    }

    /// Why `action` would change nothing on `node` (so nothing is asked), or nil.
    static func nothingToDo(_ action: NodeAction, on node: Node?) -> String? {
        guard let node else { return nil }
        let dedication = node.taints.first { $0.key == NodeAction.layerKey }
        switch action {
        case .undedicate where dedication == nil:
            return "\(node.name) is not dedicated (it has no \(NodeAction.layerKey) taint): nothing to undo — D dedicates it"
        case .dedicate(let layer) where dedication?.value == layer.rawValue && dedication?.effect == "NoSchedule"
            && node.labels[NodeAction.layerKey] == layer.rawValue:
            return "\(node.name) is already dedicated to \(layer.rawValue): nothing to change"
        case .cordon where node.unschedulable:
            return "\(node.name) is already cordoned: nothing to change — C uncordons it"
        case .uncordon where !node.unschedulable:
            return "\(node.name) is not cordoned: nothing to uncordon — c cordons it"
        default:
            return nil
        }
    }

    /// Applies a key to the open dialog.
    mutating func handleDialog(_ open: NodesPaneDialog, key: Key, context: PaneContext) {
        switch open {
        case .templatePicker(let ids, let selection):
            switch key {
            case .escape: dialog = nil
            case .down, .char("j"): dialog = .templatePicker(ids: ids, selection: min(ids.count - 1, selection + 1))
            case .up, .char("k"): dialog = .templatePicker(ids: ids, selection: max(0, selection - 1))
            case .enter:
                dialog = nil
                if headroomTemplateID != ids[selection] { headroomNotes = [:] }
                headroomTemplateID = ids[selection]
                rebuildHeadroom(context)
            default: break
            }
        case .chooseLayer(let node):
            let layer: Layer?
            switch key {
            case .char("e"): layer = .edge
            case .char("f"): layer = .fog
            case .char("c"): layer = .cloud
            case .escape:
                dialog = nil
                flash = PaneFlash("dedicate cancelled")
                return
            default: return
            }
            guard let layer else { return }
            if let nothing = Self.nothingToDo(.dedicate(layer), on: inventory?.row(named: node)?.node) {
                dialog = nil
                flash = PaneFlash(nothing)
            } else {
                dialog = .confirm(node: node, action: .dedicate(layer))
            }
        case .confirm(let node, let action):
            dialog = nil
            guard key == .char("y") || key == .char("Y") else {
                flash = PaneFlash("not changed: \(node) (\(action) cancelled)")
                return
            }
            guard !context.readOnly, let backend = context.backend else {
                flash = PaneFlash("read-only mode: \(action) is turned off", isError: true)
                return
            }
            jobs.append(NodeJob(id: backend.submit(.node(name: node, action: action)), node: node, action: action))
            flash = PaneFlash("\(action.phrase(node: node))…")
        }
    }

    /// Flashes the outcome of finished node actions.
    mutating func collectJobs(_ context: PaneContext) {
        guard !jobs.isEmpty, let backend = context.backend else { return }
        var still: [NodeJob] = []
        for job in jobs {
            switch backend.job(job.id)?.outcome {
            case .succeeded(let line)?: flash = PaneFlash(line)
            case .failed(let line)?: flash = PaneFlash("\(job.action.phrase(node: job.node)) failed: \(line)", isError: true)
            case .running?: still.append(job)
            case nil: break
            }
        }
        jobs = still
    }

    /// Asks the backend for "room for N more <template>" per layer of the current snapshot.
    /// While it is counted in the background the previous figures stay (or "counting…"
    /// shows), and the next frame asks again.
    mutating func rebuildHeadroom(_ context: PaneContext) {
        guard let id = headroomTemplateID, let snapshot = context.snapshot, let backend = context.backend else {
            headroomNotes = [:]
            return
        }
        let query = HeadroomQuery(templateID: id, generation: snapshot.generation, rules: context.layerRules, cap: Self.headroomCap)
        switch backend.headroom(query, snapshot: snapshot) {
        case .pending:
            if headroomNotes.isEmpty {
                for layer in Layer.allCases { headroomNotes[layer] = "counting room for \(id)…" }
                builtGeneration = nil
            }
            return
        case .counted(let report):
            headroomNotes = [:]
            for h in report {
                if h.excluded != nil {
                    headroomNotes[h.layer] = "no room for \(id) (it requires another layer)"
                } else {
                    headroomNotes[h.layer] = "room for \(h.instances >= Self.headroomCap ? "≥\(Self.headroomCap)" : String(h.instances)) more \(id)"
                }
            }
        case .failed(let message):
            headroomNotes = [:]
            flash = PaneFlash("headroom for \(id): \(message)", isError: true)
        }
        headroomGeneration = snapshot.generation
        builtGeneration = nil
    }

    /// Draws the open dialog over the bottom rows of `rect`: the question wrapped to the
    /// width (so its y/N is never cut), the picker scrolled to keep its selection shown.
    func drawDialog(in rect: Rect, on screen: any Screen) {
        guard let dialog, rect.height > 0 else { return }
        let all = dialog.lines()
        let question = TextWrap.lines(all[0], width: max(20, rect.width - 1), indent: 1)
        let lines = question + all.dropFirst()
        let height = min(lines.count, max(question.count, rect.height / 2))
        let (_, bottom) = rect.splitBottom(height)
        guard case .templatePicker(_, let selection) = dialog, height > question.count else {
            TextViewer(lines: lines).render(in: bottom, on: screen)
            return
        }
        // The question stays on top; the list scrolls to keep the selection shown.
        let (questionRect, list) = bottom.splitTop(question.count)
        TextViewer(lines: question).render(in: questionRect, on: screen)
        var viewer = TextViewer(lines: Array(all.dropFirst()))
        viewer.scroll(by: max(0, selection + 1 - list.height), height: list.height)
        viewer.render(in: list, on: screen)
    }

    /// Headroom stops counting here (the figure then reads "≥99").
    static let headroomCap = 99
}

/// A node action submitted to the backend, waiting for its outcome.
struct NodeJob: Sendable {
    var id: ConsoleJobID
    var node: String
    var action: NodeAction
}
