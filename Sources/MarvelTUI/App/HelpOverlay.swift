/// The `?` overlay: every key of the current view, the keys that work
/// everywhere and the `:` commands, all from `ConsoleReference`.
public enum HelpOverlay {
    /// The overlay's lines.
    public static func lines(paneTitle: String, paneKeys: [KeyHelp], acceptsFilter: Bool, readOnly: Bool,
                             warnings: [String] = []) -> [StyledLine] {
        let heading = TextStyle(.header, bold: true)
        func entry(_ keys: String, _ action: String) -> StyledLine {
            let pad = max(1, 16 - DisplayWidth.of(keys))
            return StyledLine([StyledSpan("  " + keys + String(repeating: " ", count: pad), TextStyle(.keyHint, bold: true)),
                               StyledSpan(action)])
        }
        var out: [StyledLine] = []
        if readOnly {
            out.append(StyledLine("read-only mode: keys that change the cluster are off (and not listed)", TextStyle(.statusWarn, bold: true)))
            out.append(.empty)
        }
        out.append(StyledLine("\(paneTitle) pane", heading))
        // The pane's `/` is the console's filter, listed under Everywhere when it works here.
        let own = paneKeys.filter { !(readOnly && $0.mutates) && !(acceptsFilter && $0.keys == "/") }
        if own.isEmpty { out.append(StyledLine("  no keys of its own", TextStyle(.dim))) }
        out += own.map { entry($0.keys, $0.action) }
        out.append(.empty)
        out.append(StyledLine("Everywhere", heading))
        out += ConsoleReference.help(.everywhere).filter { acceptsFilter || $0.keys != "/" }.map { entry($0.keys, $0.action) }
        out.append(.empty)
        out.append(StyledLine("Commands (:)", heading))
        for command in ConsoleReference.commands {
            let aliases = command.aliases.isEmpty ? "" : " (also " + command.aliases.map { ":" + $0 }.joined(separator: " ") + ")"
            out.append(entry(command.usage, command.summary + aliases))
        }
        if !warnings.isEmpty {
            out.append(.empty)
            out.append(StyledLine("Connection warnings", heading))
            out += warnings.map { StyledLine("  " + $0, TextStyle(.statusWarn)) }
        }
        return out
    }

    /// A viewer of `lines` wrapped to the inside of the overlay's box in `area`
    /// (continuation rows line up under the descriptions).
    public static func viewer(for lines: [StyledLine], in area: Rect) -> TextViewer {
        let inner = box(for: lines, in: area).width - 4
        return TextViewer(lines: TextWrap.lines(lines, width: max(20, inner), indent: 18))
    }

    /// Draws the overlay as a box centred in `area`.
    public static func draw(_ viewer: TextViewer, in area: Rect, on screen: any Screen) {
        let frame = area.centered(width: box(for: viewer.lines, in: area).width, height: min(area.height, viewer.lines.count + 2))
        let inner = Box.draw(frame, title: "Keys — ? or Esc closes", on: screen)
        viewer.render(in: inner.insetHorizontally(by: 1), on: screen)
    }

    /// The box: as wide as the longest line (at least 40 columns), within `area`.
    static func box(for lines: [StyledLine], in area: Rect) -> Rect {
        let longest = lines.map { DisplayWidth.of($0.plainText) }.max() ?? 20
        return area.centered(width: min(area.width - 2, max(longest + 4, 40)), height: min(area.height, lines.count + 2))
    }
}
