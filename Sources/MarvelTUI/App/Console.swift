import Foundation
import MarvelCore

/// The console's state machine: the panes, which one is active, the input
/// mode (normal, `/` filter, `:` command, `?` help, `!` messages) and the
/// messages. `handle` and `render` do no I/O beyond reading the data source
/// and appending to the command history file, so tests drive the whole
/// console with synthetic keys and a `MemoryScreen`.
///
/// Navigation rules, kept for every view: Esc and `q` close a sub-view (a
/// detail, logs, manifests, the help, the messages); `q` on a pane's list
/// quits; Ctrl-C always quits; a resize never reaches a prompt or a pane, so
/// every question survives it; a message is cleared by the next key.
public final class Console {
    /// The smallest terminal the console draws its layout in.
    public static let minimumColumns = 80
    public static let minimumRows = 24
    /// How long a message that is not an error stays when no key is pressed.
    public static let flashSeconds: TimeInterval = 4

    /// Where keys go: the pane, a prompt, or an overlay.
    enum Mode {
        case normal
        case filter(InputField)
        case command(CommandLineState)
        /// The help's lines as written, and the viewer of them wrapped to the overlay's width.
        case help([StyledLine], TextViewer)
        case messages(TextViewer)
    }

    /// What the console runs on; `:ns` and `:ctx` change the namespace, the context and the connection.
    public internal(set) var options: ConsoleOptions
    public internal(set) var panes: [any Pane]
    public internal(set) var activeIndex = 0
    var mode: Mode = .normal
    var messages = MessageLog()
    /// The `:` commands run before (kept across runs when the environment names a state folder).
    public internal(set) var history: CommandHistory
    var state: ConsoleSourceState
    /// Closes the connection a `:ctx` switch opened (nil for the one the console started with).
    var closeConnection: (@Sendable () -> Void)?
    /// Notices already flashed (each is said once).
    var shownNotices: Set<String> = []
    /// The body area of the last frame (80x24 until the first render).
    var viewport = Console.bodyRect(rows: Console.minimumRows, columns: Console.minimumColumns, messageRows: 0)

    public init(options: ConsoleOptions, panes: [any Pane]? = nil) {
        self.options = options
        self.panes = panes ?? [
            NodesPane(), ServicesPane(), TemplatesPane(),
            ImagesPane(source: options.images, settingsFile: options.settingsFile), TrainingPane(source: options.metrics),
            ResourcesPane(),
        ]
        state = options.source.current()
        history = CommandHistory(path: CommandHistory.defaultPath(environment: options.environment))
        if !options.warnings.isEmpty {
            messages.post(ConsoleMessage("warning: " + options.warnings.joined(separator: "; "), isError: true))
        }
    }

    // MARK: Queries (for the loop and tests)

    public var activePane: any Pane { panes[activeIndex] }
    /// The message on screen (or queued for the next frame), if any.
    public var flashMessage: String? { messages.current?.text }
    /// Every message of the session, oldest first.
    public var messageHistory: [ConsoleMessage] { messages.history }
    /// The generation of the data last read from the source.
    public var dataGeneration: Int { state.generation }
    public var isHelpOpen: Bool { if case .help = mode { return true }; return false }
    public var isMessageHistoryOpen: Bool { if case .messages = mode { return true }; return false }
    /// The text being typed at the `/` or `:` prompt, with its prompt.
    public var inputLine: String? {
        switch mode {
        case .filter(let f): return f.prompt + f.text
        case .command(let line): return ":" + line.text
        default: return nil
        }
    }

    /// Reads the data source; true when something changed since the last read.
    @discardableResult
    public func sync() -> Bool {
        let next = options.source.current()
        let changed = next.generation != state.generation
        if let notice = next.notice, shownNotices.insert(notice).inserted { post(notice) }
        state = next
        panes[activeIndex].update(context())
        takePaneFlash()
        return changed
    }

    /// Shows a message (and keeps it in the history).
    func post(_ text: String, isError: Bool = false) {
        messages.post(ConsoleMessage(text, isError: isError))
    }

    /// Moves a message the active pane asked for onto the screen.
    func takePaneFlash() {
        takeResourceRequest()
        guard var pane = panes[activeIndex] as? any InteractivePane, let message = pane.takeFlash() else { return }
        panes[activeIndex] = pane
        post(message.text, isError: message.isError)
    }

    /// True while the active pane takes every key (a form or a question is open).
    var paneCapturesKeys: Bool { (activePane as? any InteractivePane)?.capturesAllKeys ?? false }

    func context() -> PaneContext {
        PaneContext(snapshot: state.snapshot, connection: state.connection, generation: state.generation,
                    serverURL: options.serverURL, layerRules: options.layerRules, readOnly: options.readOnly,
                    viewport: viewport, backend: options.backend, namespace: options.namespace, resources: options.resources,
                    early: state.early)
    }

    static func bodyRect(rows: Int, columns: Int, messageRows: Int) -> Rect {
        Rect(row: 2, column: 0, height: rows - 3 - messageRows, width: columns)
    }

    // MARK: Keys

    /// Applies one key and says whether to go on.
    public func handle(_ key: Key) -> ConsoleAction {
        // A resize is not a key: no prompt, question or pane sees it, so none is
        // cancelled by it; the next frame lays everything out at the new size.
        if key == .resize {
            sync()
            return .continue
        }
        if key == .ctrl("c") { return .quit }
        if case .mouse(let event) = key { return handleMouse(event) }
        messages.clear()
        sync()
        switch mode {
        case .filter(var field):
            switch field.handle(key) {
            case .changed:
                mode = .filter(field)
                panes[activeIndex].setFilter(field.text, context: context())
            case .unchanged: mode = .filter(field)
            case .submitted: mode = .normal
            case .cancelled:
                mode = .normal
                panes[activeIndex].setFilter("", context: context())
            }
            takePaneFlash()
            return .continue
        case .command(var line):
            let outcome = line.handle(key, history: history.entries) { [self] text in
                CommandCompletion.complete(text, commands: ConsoleReference.commands, vocabulary: vocabulary())
            }
            switch outcome {
            case .editing:
                mode = .command(line)
            case .candidates(let candidates):
                mode = .command(line)
                if candidates.isEmpty {
                    post("no completion for '\(line.text)' — :help lists the commands")
                } else if candidates.count > 1 {
                    post("\(candidates.count) completions: " + candidates.joined(separator: "  ") + " — Tab again for the next")
                }
            case .cancelled:
                mode = .normal
            case .submitted(let text):
                mode = .normal
                if let problem = history.add(text) { post(problem, isError: true) }
                return run(text)
            }
            return .continue
        case .help(let lines, var viewer):
            switch key {
            case .escape, .char("?"), .char("q"): mode = .normal
            default:
                _ = viewer.handle(key, height: max(1, viewport.height - 2))
                mode = .help(lines, viewer)
            }
            return .continue
        case .messages(var viewer):
            switch key {
            case .escape, .char("!"), .char("q"): mode = .normal
            default:
                _ = viewer.handle(key, height: max(1, viewport.height - 1))
                mode = .messages(viewer)
            }
            return .continue
        case .normal:
            if paneCapturesKeys {
                _ = panes[activeIndex].handle(key, context: context())
                takePaneFlash()
                return .continue
            }
            let action = handleNormal(key)
            takePaneFlash()
            return action
        }
    }

    private func handleNormal(_ key: Key) -> ConsoleAction {
        switch key {
        case .char("q"):
            // q closes an open view as Esc does; only on a pane's own list does it quit.
            guard activePane.isSubViewOpen else { return .quit }
            _ = panes[activeIndex].handle(key, context: context())
        case .char(":"):
            mode = .command(CommandLineState())
        case .char("?"):
            openHelp()
        case .char("!"):
            openMessages()
        case .char(let c) where ("1"..."9").contains(c):
            if let n = c.wholeNumberValue { activate(n - 1) }
        case .tab: activate((activeIndex + 1) % panes.count)
        case .backTab: activate((activeIndex + panes.count - 1) % panes.count)
        case .char("r") where !activePane.claims(key):
            post("refreshing…")
            return .refresh
        case .char("/") where activePane.acceptsFilter:
            mode = .filter(InputField(prompt: "/", text: activePane.filter))
        default:
            if panes[activeIndex].handle(key, context: context()) { return .continue }
            if key == .escape, !activePane.filter.isEmpty {
                panes[activeIndex].setFilter("", context: context())
            }
            if let name = Self.unusedKeyName(key) {
                post("\(name) does nothing in \(activePane.title) — press ? for its keys")
            }
        }
        return .continue
    }

    /// How the "does nothing" message names a letter or Ctrl key no one used
    /// ("'y'", "Ctrl-D"); nil for other keys, which pass silently.
    static func unusedKeyName(_ key: Key) -> String? {
        switch key {
        case .char(" "): return "Space"
        case .char(let c): return "'\(c)'"
        case .ctrl: return key.description
        default: return nil
        }
    }

    func activate(_ index: Int) {
        guard panes.indices.contains(index) else { return }
        // A resource view's watch runs only while it is shown.
        if index != activeIndex, var resources = panes[activeIndex] as? ResourcesPane {
            resources.suspend()
            panes[activeIndex] = resources
        }
        activeIndex = index
        panes[activeIndex].update(context())
    }

    func openHelp() {
        let pane = activePane
        let lines = HelpOverlay.lines(
            paneTitle: pane.title, paneKeys: pane.keyHelp(readOnly: options.readOnly),
            acceptsFilter: pane.acceptsFilter, readOnly: options.readOnly, warnings: options.warnings)
        mode = .help(lines, HelpOverlay.viewer(for: lines, in: viewport))
    }

    func openMessages() {
        var viewer = TextViewer(lines: MessageHistoryView.lines(messages.history, width: viewport.width, timeZone: options.timeZone))
        viewer.scroll(by: viewer.lines.count, height: max(1, viewport.height - 1))
        mode = .messages(viewer)
    }
}
