import CCurses
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real terminal (ncursesw). Only one exists at a time; all calls on the
/// main thread. `restore()` (also run by deinit) gives the terminal back.
public final class CursesTerminal: Screen {
    public private(set) var rows: Int
    public private(set) var columns: Int
    public let unicode: Bool
    public let colorMode: ColorMode
    /// The theme styles are resolved with; see `apply(theme:)`.
    public private(set) var theme: Theme

    private var screen: OpaquePointer?
    private let signals: SignalWatcher
    private var palette: ColorPairs
    private var attributeCache: [TextStyle: (attrs: attr_t, pair: Int32)] = [:]

    /// Checks TERM (unset/"dumb" → TerminalUnavailable), that stdin and stdout
    /// are TTYs (else TerminalUnavailable), sets the locale, starts curses;
    /// `theme` chooses colours.
    /// `mouse` turns on mouse reporting (clicks and the wheel arrive as `Key.mouse`).
    public init(theme: Theme, environment: [String: String] = ProcessInfo.processInfo.environment, mouse: Bool = false) throws {
        try TerminalUnavailable.check(environment: environment,
                                      stdinIsTTY: isatty(STDIN_FILENO) == 1,
                                      stdoutIsTTY: isatty(STDOUT_FILENO) == 1)
        let term = environment["TERM"] ?? "xterm"
        setlocale(LC_ALL, "")
        let codeset = ccurses_codeset().map { String(cString: $0) } ?? ""
        unicode = codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        self.theme = theme

        signals = SignalWatcher(signals: [SIGINT, SIGTERM, SIGHUP])
        let modesFD = isatty(STDOUT_FILENO) == 1 ? STDOUT_FILENO : STDIN_FILENO
        TerminalCrashGuard.saveModes(of: modesFD)
        guard let screen = term.withCString({ ccurses_newterm($0) }) else {
            signals.stop()
            throw TerminalUnavailable(.cursesFailed(term: term))
        }
        self.screen = screen
        _ = set_term(screen)
        ccurses_setup_input()
        AlternateKeySequences.install()
        _ = set_escdelay(25)
        _ = curs_set(0)
        ccurses_mouse(mouse ? 1 : 0)

        let hasColors = has_colors()
        var defaultColors = false
        if hasColors {
            _ = start_color()
            defaultColors = use_default_colors() == ccurses_ok()
        }
        colorMode = ColorMode.choose(environment: environment, terminalColors: Int(ccurses_colors()), hasColors: hasColors)
        palette = ColorPairs(limit: Int(ccurses_color_pairs()), defaultColors: defaultColors)
        rows = Int(ccurses_lines())
        columns = Int(ccurses_cols())
        TerminalCrashGuard.arm(writingTo: STDOUT_FILENO)
    }

    deinit {
        restore()
    }

    /// The signal (SIGINT, SIGTERM or SIGHUP) received since start, if any;
    /// the console loop polls it after each `readKey` and exits.
    public var pendingSignal: Int32? {
        signals.pending
    }

    /// Ends curses and gives the terminal back (cursor, echo, line mode);
    /// signals get their previous actions again. Safe to call more than once.
    /// A crash signal before this restores the terminal too (`TerminalCrashGuard`).
    public func restore() {
        guard let screen else { return }
        _ = curs_set(1)
        _ = endwin()
        delscreen(screen)
        self.screen = nil
        TerminalCrashGuard.disarm()
        signals.stop()
        fflush(nil)
    }

    /// Gives the terminal to another program while `body` runs (an exec credential
    /// plugin that prompts): curses is suspended (normal mode, cursor shown), then
    /// taken back and the whole screen redrawn on the next flush. Main thread only.
    public func suspended(_ body: () -> Void) {
        guard screen != nil else { return body() }
        _ = def_prog_mode()
        _ = curs_set(1)
        _ = endwin()
        fflush(nil)
        body()
        fflush(nil)
        _ = reset_prog_mode()
        _ = curs_set(0)
        _ = clearok(ccurses_stdscr(), true)
    }

    /// Switches to another theme; the next drawing uses it (redraw everything).
    public func apply(theme: Theme) {
        self.theme = theme
        attributeCache.removeAll()
    }

    // MARK: Screen

    public func clear() {
        guard screen != nil else { return }
        _ = ccurses_set_attr(ccurses_a_normal(), 0)
        _ = werase(ccurses_stdscr())
    }

    public func put(_ text: String, row: Int, column: Int, style: TextStyle) {
        guard screen != nil, row >= 0, row < rows, column < columns else { return }
        let (start, glyphs) = clipped(text, column: column)
        guard !glyphs.isEmpty else { return }
        let (attrs, pair) = attributes(for: style)
        _ = ccurses_set_attr(attrs, pair)
        glyphs.withUnsafeBufferPointer { buffer in
            _ = ccurses_put_wide(Int32(row), Int32(start), buffer.baseAddress, Int32(buffer.count))
        }
    }

    public func fill(row: Int, column: Int, count: Int, character: Character, style: TextStyle) {
        let run = FillRun(column: column, count: count, characterWidth: DisplayWidth.of(character), screenColumns: columns)
        guard run.count > 0 else { return }
        put(String(repeating: String(character), count: run.count), row: row, column: run.column, style: style)
    }

    public func flush() {
        guard screen != nil else { return }
        _ = wnoutrefresh(ccurses_stdscr())
        _ = doupdate()
    }

    // MARK: Keys

    /// Waits up to `timeoutMilliseconds` for a key; nil on timeout (or for a
    /// key the console has no use for). After `.resize`, `rows`/`columns`
    /// hold the new size and the caller should redraw everything.
    public func readKey(timeoutMilliseconds: Int) -> Key? {
        guard screen != nil else { return nil }
        var wch: wint_t = 0
        errno = 0
        let result = ccurses_read(Int32(clamping: max(timeoutMilliseconds, 0)), &wch)
        if result == ccurses_err() {
            // A terminal that went away (without a SIGHUP reaching us) reads
            // as EOF or an I/O error at once on every call: report it as a
            // hangup so the loop exits instead of spinning.
            if errno == EIO || errno == EBADF || inputHungUp() { signals.record(SIGHUP) }
            return nil
        }
        let isKeyCode = result == ccurses_key_code_yes()
        if isKeyCode, Int32(wch) == ccurses_key_mouse() {
            var y: Int32 = 0
            var x: Int32 = 0
            switch ccurses_mouse_event(&y, &x) {
            case 1: return .mouse(MouseEvent(.click, row: Int(y), column: Int(x)))
            case 4: return .mouse(MouseEvent(.wheelUp, row: Int(y), column: Int(x)))
            case 5: return .mouse(MouseEvent(.wheelDown, row: Int(y), column: Int(x)))
            default: return nil
            }
        }
        let key = Key.decode(wch: UInt32(wch), isKeyCode: isKeyCode)
        if key == .resize {
            rows = Int(ccurses_lines())
            columns = Int(ccurses_cols())
        }
        return key
    }

    // MARK: Helpers

    /// The first visible column and the wide characters to write there,
    /// clipped like MemoryScreen: controls become spaces, non-ASCII becomes
    /// "?" when the terminal is not UTF-8, a wide character cut by an edge
    /// becomes a space.
    private func clipped(_ text: String, column: Int) -> (Int, [wchar_t]) {
        var out: [wchar_t] = []
        var col = column
        var start = max(column, 0)
        var started = false
        for character in text {
            if col >= columns { break }
            var glyph: Character = DisplayWidth.isControl(character) ? " " : character
            if !unicode, !glyph.isASCII { glyph = "?" }
            let width = DisplayWidth.of(glyph)
            if width == 0 { continue }
            if col < 0 {
                if col + width > 0 {
                    start = 0
                    started = true
                    out.append(wchar_t(32))
                }
                col += width
                continue
            }
            if !started {
                start = col
                started = true
            }
            if width == 2 && col + 1 >= columns {
                out.append(wchar_t(32))
                break
            }
            for scalar in glyph.unicodeScalars { out.append(wchar_t(bitPattern: scalar.value)) }
            col += width
        }
        return (start, out)
    }

    private func attributes(for style: TextStyle) -> (attr_t, Int32) {
        if let cached = attributeCache[style] { return cached }
        let resolved = ResolvedStyle.resolve(style, theme: theme, mode: colorMode)
        var attrs = ccurses_a_normal()
        if resolved.bold { attrs |= ccurses_a_bold() }
        if resolved.underline { attrs |= ccurses_a_underline() }
        if resolved.reverse { attrs |= ccurses_a_reverse() }
        if resolved.dim { attrs |= ccurses_a_dim() }
        let pair = colorMode == .none ? 0 : palette.pair(foreground: resolved.foreground, background: resolved.background)
        attributeCache[style] = (attrs, pair)
        return (attrs, pair)
    }

    /// Whether stdin reports a hangup (POLLHUP) or an error right now.
    private func inputHungUp() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) >= 0 else { return false }
        return descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }
}
