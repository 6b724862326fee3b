/// The `?` overlay: every key of the current pane and the keys that work everywhere.
public enum HelpOverlay {
    /// Keys the console itself handles.
    public static func globalKeys(acceptsFilter: Bool) -> [KeyHelp] {
        var keys = [
            KeyHelp("1–5", "switch pane (the numbers on the tab bar)"),
            KeyHelp("Tab/Shift-Tab", "next / previous pane"),
        ]
        if acceptsFilter { keys.append(KeyHelp("/", "filter (live; Enter keeps it, Esc clears it)")) }
        keys += [
            KeyHelp(":", "command line: :q quits, :help shows this"),
            KeyHelp(":<pane>", ":nodes :services :templates :images :training"),
            KeyHelp("r", "refresh now"),
            KeyHelp("Esc", "back / close / clear the filter"),
            KeyHelp("?", "show or close this help"),
            KeyHelp("q", "quit"),
        ]
        return keys
    }

    /// The overlay's lines.
    public static func lines(paneTitle: String, paneKeys: [KeyHelp], acceptsFilter: Bool, readOnly: Bool,
                             warnings: [String] = []) -> [StyledLine] {
        let heading = TextStyle(.header, bold: true)
        func entry(_ k: KeyHelp) -> StyledLine {
            let pad = max(1, 16 - DisplayWidth.of(k.keys))
            return StyledLine([StyledSpan("  " + k.keys + String(repeating: " ", count: pad), TextStyle(.keyHint, bold: true)),
                               StyledSpan(k.action)])
        }
        var out: [StyledLine] = [StyledLine("\(paneTitle) pane", heading)]
        let own = paneKeys.filter { !(readOnly && $0.mutates) && $0.keys != "/" }
        if own.isEmpty { out.append(StyledLine("  no keys of its own", TextStyle(.dim))) }
        out += own.map(entry)
        out.append(.empty)
        out.append(StyledLine("Everywhere", heading))
        out += globalKeys(acceptsFilter: acceptsFilter).map(entry)
        if readOnly {
            out.append(.empty)
            out.append(StyledLine("read-only mode: keys that change the cluster are off", TextStyle(.dim)))
        }
        if !warnings.isEmpty {
            out.append(.empty)
            out.append(StyledLine("Connection warnings", heading))
            out += warnings.map { StyledLine("  " + $0, TextStyle(.statusWarn)) }
        }
        return out
    }

    /// Draws the overlay as a box centred in `area`.
    public static func draw(_ viewer: TextViewer, in area: Rect, on screen: any Screen) {
        let longest = viewer.lines.map { DisplayWidth.of($0.plainText) }.max() ?? 20
        let box = area.centered(width: min(area.width - 2, max(longest + 4, 40)), height: min(area.height, viewer.lines.count + 2))
        let inner = Box.draw(box, title: "Keys — ? or Esc closes", on: screen)
        viewer.render(in: inner.insetHorizontally(by: 1), on: screen)
    }
}
