/// A scrollable list of styled lines, for detail views and help: j/k and the
/// arrows move a line, PgUp/PgDn (and Space) a page, g/G and Home/End jump.
/// Lines wider than the view can be scrolled sideways (`scrollHorizontally`).
public struct TextViewer: Sendable {
    public var lines: [StyledLine]
    /// Index of the first line shown.
    public private(set) var offset: Int
    /// Display columns hidden at the left of every line (horizontal scrolling).
    public private(set) var column = 0

    public init(lines: [StyledLine], offset: Int = 0) {
        self.lines = lines
        self.offset = max(0, offset)
    }

    /// The largest useful offset for a window of `height` rows.
    public func maxOffset(height: Int) -> Int { max(0, lines.count - max(1, height)) }

    /// Handles a scrolling key for a window `height` rows high; false when the key is not a scrolling key.
    public mutating func handle(_ key: Key, height: Int) -> Bool {
        let page = max(1, height - 1)
        switch key {
        case .down, .char("j"): scroll(by: 1, height: height)
        case .up, .char("k"): scroll(by: -1, height: height)
        case .pageDown, .char(" "), .ctrl("f"): scroll(by: page, height: height)
        case .pageUp, .ctrl("b"): scroll(by: -page, height: height)
        case .home, .char("g"): offset = 0
        case .end, .char("G"): offset = maxOffset(height: height)
        default: return false
        }
        return true
    }

    /// Moves the window by `delta` lines, staying within the text.
    public mutating func scroll(by delta: Int, height: Int) {
        offset = min(max(0, offset + delta), maxOffset(height: height))
    }

    /// Moves the view `delta` columns sideways (never left of the first column).
    public mutating func scrollHorizontally(by delta: Int) {
        column = max(0, column + delta)
    }

    /// Replaces the text, keeping the scroll position where possible.
    public mutating func replaceLines(_ newLines: [StyledLine]) {
        lines = newLines
        offset = min(offset, max(0, newLines.count - 1))
    }

    /// Draws the visible lines into `rect`; a "more" marker on the last row
    /// tells when text continues below.
    public func render(in rect: Rect, on screen: any Screen) {
        guard rect.height > 0, rect.width > 0 else { return }
        let start = min(offset, maxOffset(height: rect.height))
        for i in 0..<rect.height {
            let target = rect.line(i)
            screen.blank(target)
            let index = start + i
            guard index < lines.count else { continue }
            screen.draw(column == 0 ? lines[index] : lines[index].droppingColumns(column), row: target.row, column: target.column,
                        width: target.width)
        }
        let hidden = lines.count - (start + rect.height)
        if hidden > 0, rect.width > 12 {
            let marker = " ↓ \(hidden) more "
            let w = DisplayWidth.of(marker)
            screen.draw(marker, row: rect.bottom - 1, column: rect.right - w, width: w, style: TextStyle(.dim))
        }
    }
}
