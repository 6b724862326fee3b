import Foundation
import MarvelCore

/// The console's state machine: the panes, which one is active, the input
/// mode (normal, `/` filter, `:` command, `?` help) and the flash message.
/// `handle` and `render` do no I/O beyond reading the data source, so tests
/// drive the whole console with synthetic keys and a `MemoryScreen`.
public final class Console {
    /// The smallest terminal the console draws its layout in.
    public static let minimumColumns = 80
    public static let minimumRows = 24
    /// How long a flash message stays on the status line.
    public static let flashSeconds: TimeInterval = 4

    /// Where keys go: the pane, a prompt, or the help overlay.
    enum Mode {
        case normal
        case filter(InputField)
        case command(InputField)
        case help(TextViewer)
    }

    /// A one-off message on the status line.
    struct Flash {
        var text: String
        var isError: Bool
        /// Set by the first frame that shows it; the message expires `flashSeconds` later.
        var shownAt: Date?
    }

    public let options: ConsoleOptions
    public internal(set) var panes: [any Pane]
    public internal(set) var activeIndex = 0
    var mode: Mode = .normal
    var flash: Flash?
    var state: ConsoleSourceState
    /// The body area of the last frame (80x24 until the first render).
    var viewport = Console.bodyRect(rows: Console.minimumRows, columns: Console.minimumColumns)

    public init(options: ConsoleOptions, panes: [any Pane]? = nil) {
        self.options = options
        self.panes = panes ?? [
            NodesPane(), ServicesPane(), TemplatesPane(),
            ImagesPane(source: options.images, settingsFile: options.settingsFile), TrainingPane(source: options.metrics),
        ]
        state = options.source.current()
        if !options.warnings.isEmpty {
            flash = Flash(text: "warning: " + options.warnings.joined(separator: "; "), isError: true)
        }
    }

    // MARK: Queries (for the loop and tests)

    public var activePane: any Pane { panes[activeIndex] }
    /// The flash message currently queued or shown, if any.
    public var flashMessage: String? { flash?.text }
    /// The generation of the data last read from the source.
    public var dataGeneration: Int { state.generation }
    public var isHelpOpen: Bool { if case .help = mode { return true }; return false }
    /// The text being typed at the `/` or `:` prompt, with its prompt.
    public var inputLine: String? {
        switch mode {
        case .filter(let f), .command(let f): return f.prompt + f.text
        default: return nil
        }
    }

    /// Reads the data source; true when something changed since the last read.
    @discardableResult
    public func sync() -> Bool {
        let next = options.source.current()
        let changed = next.generation != state.generation
        state = next
        panes[activeIndex].update(context())
        takePaneFlash()
        return changed
    }

    /// Moves a message the active pane asked for onto the status line.
    func takePaneFlash() {
        guard var pane = panes[activeIndex] as? any InteractivePane, let message = pane.takeFlash() else { return }
        panes[activeIndex] = pane
        flash = Flash(text: message.text, isError: message.isError)
    }

    /// True while the active pane takes every key (a form or a question is open).
    var paneCapturesKeys: Bool { (activePane as? any InteractivePane)?.capturesAllKeys ?? false }

    func context() -> PaneContext {
        PaneContext(snapshot: state.snapshot, connection: state.connection, generation: state.generation,
                    serverURL: options.serverURL, layerRules: options.layerRules, readOnly: options.readOnly,
                    viewport: viewport, backend: options.backend)
    }

    static func bodyRect(rows: Int, columns: Int) -> Rect {
        Rect(row: 2, column: 0, height: rows - 3, width: columns)
    }

    // MARK: Keys

    /// Applies one key and says whether to go on.
    public func handle(_ key: Key) -> ConsoleAction {
        sync()
        switch mode {
        case .filter(var field):
            let outcome = field.handle(key)
            switch outcome {
            case .changed:
                mode = .filter(field)
                panes[activeIndex].setFilter(field.text, context: context())
            case .unchanged: mode = .filter(field)
            case .submitted: mode = .normal
            case .cancelled:
                mode = .normal
                panes[activeIndex].setFilter("", context: context())
            }
            return .continue
        case .command(var field):
            switch field.handle(key) {
            case .changed, .unchanged:
                mode = .command(field)
                return .continue
            case .cancelled:
                mode = .normal
                return .continue
            case .submitted:
                mode = .normal
                return run(ConsoleCommand(parsing: field.text))
            }
        case .help(var viewer):
            switch key {
            case .escape, .char("?"): mode = .normal
            case .char("q"): return .quit
            default:
                _ = viewer.handle(key, height: max(1, viewport.height - 2))
                mode = .help(viewer)
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
        case .char("q"): return .quit
        case .char(":"):
            mode = .command(InputField(prompt: ":"))
        case .char("?"):
            openHelp()
        case .char(let c) where ("1"..."5").contains(c):
            if let n = c.wholeNumberValue { activate(n - 1) }
        case .tab: activate((activeIndex + 1) % panes.count)
        case .backTab: activate((activeIndex + panes.count - 1) % panes.count)
        case .char("r"):
            flash = Flash(text: "refreshing…", isError: false)
            return .refresh
        case .char("/") where activePane.acceptsFilter:
            mode = .filter(InputField(prompt: "/", text: activePane.filter))
        case .resize:
            break
        default:
            if panes[activeIndex].handle(key, context: context()) { return .continue }
            if key == .escape, !activePane.filter.isEmpty {
                panes[activeIndex].setFilter("", context: context())
            }
            if let name = Self.unusedKeyName(key) {
                flash = Flash(text: "\(name) does nothing in \(activePane.title) — press ? for its keys", isError: false)
            }
        }
        return .continue
    }

    /// How the "does nothing" flash names a letter or Ctrl key no one used
    /// ("'y'", "Ctrl-D"); nil for other keys, which pass silently.
    static func unusedKeyName(_ key: Key) -> String? {
        switch key {
        case .char(" "): return "Space"
        case .char(let c): return "'\(c)'"
        case .ctrl: return key.description
        default: return nil
        }
    }

    private func run(_ command: ConsoleCommand) -> ConsoleAction {
        switch command {
        case .quit: return .quit
        case .showPane(let index): activate(index)
        case .help: openHelp()
        case .empty: break
        case .unknown(let text):
            if var pane = activePane as? any InteractivePane, pane.runCommand(text, context: context()) {
                panes[activeIndex] = pane
                takePaneFlash()
            } else {
                flash = Flash(text: ConsoleCommand.unknownMessage(text), isError: true)
            }
        }
        return .continue
    }

    private func activate(_ index: Int) {
        guard panes.indices.contains(index) else { return }
        activeIndex = index
        panes[activeIndex].update(context())
    }

    private func openHelp() {
        flash = nil  // the status line now tells how to leave the overlay
        let pane = activePane
        mode = .help(TextViewer(lines: HelpOverlay.lines(
            paneTitle: pane.title, paneKeys: pane.keyHelp(readOnly: options.readOnly),
            acceptsFilter: pane.acceptsFilter, readOnly: options.readOnly, warnings: options.warnings)))
    }
}
