/// Word wrapping to a number of terminal columns, measured with `DisplayWidth`:
/// lines break at spaces, a word longer than a line is cut where the line ends,
/// and nothing is ever dropped — the answer to "the text was cut off".
public enum TextWrap {
    /// `text` as lines of at most `width` columns. Newlines and tabs count as
    /// spaces (one logical line in, rows out); the spaces where a row breaks go.
    public static func lines(_ text: String, width: Int, indent: Int = 0) -> [String] {
        lines(StyledLine(text), width: width, indent: indent).map(\.plainText)
    }

    /// `line` as rows of at most `width` columns, each span keeping its style.
    /// Rows after the first start with `indent` spaces (kept below `width`).
    /// An empty line gives one empty row.
    public static func lines(_ line: StyledLine, width: Int, indent: Int = 0) -> [StyledLine] {
        let width = max(1, width)
        // A line that fits is kept exactly as it is (runs of spaces included).
        if line.spans.allSatisfy({ !$0.text.contains(where: \.isNewline) }), line.displayWidth <= width { return [line] }
        let indent = max(0, min(indent, width / 2))
        // Leading spaces are kept (indented detail lines stay indented); then words.
        var leading: [Cell] = []
        // Each word with the spaces before it (kept when both stay on one row).
        var words: [(gap: [Cell], cells: [Cell])] = []
        var gap: [Cell] = []
        var word: [Cell] = []
        for span in line.spans {
            for character in span.text {
                let blank = character == " " || character.isNewline || character == "\t"
                if blank {
                    if words.isEmpty && word.isEmpty {
                        if leading.count < width - 1 { leading.append(Cell(character: " ", style: span.style, width: 1)) }
                    } else {
                        if !word.isEmpty {
                            words.append((gap, word))
                            word = []
                            gap = []
                        }
                        gap.append(Cell(character: " ", style: span.style, width: 1))
                    }
                } else {
                    word.append(Cell(character: character, style: span.style, width: DisplayWidth.of(character)))
                }
            }
        }
        if !word.isEmpty { words.append((gap, word)) }

        var rows: [[Cell]] = []
        var row = leading
        var used = leading.count
        var rowHasWord = false
        func finishRow() {
            rows.append(row)
            row = Array(repeating: Cell(character: " ", style: .normal, width: 1), count: indent)
            used = indent
            rowHasWord = false
        }
        for (spaces, cells) in words {
            var rest = cells
            let restWidth = rest.reduce(0) { $0 + $1.width }
            if rowHasWord {
                if used + spaces.count + restWidth <= width {
                    row += spaces
                    row += rest
                    used += spaces.count + restWidth
                    continue
                }
                finishRow()
            }
            // The row holds no word yet: the word starts it, cut across rows when wider than the room.
            while !rest.isEmpty {
                var taken = 0
                var room = width - used
                while taken < rest.count, rest[taken].width <= room {
                    room -= rest[taken].width
                    taken += 1
                }
                if taken == 0 { taken = 1 }  // one character wider than the room: placed anyway
                row += rest[..<taken]
                used += rest[..<taken].reduce(0) { $0 + $1.width }
                rowHasWord = true
                rest.removeFirst(taken)
                if !rest.isEmpty { finishRow() }
            }
        }
        if rowHasWord || rows.isEmpty { rows.append(row) }
        return rows.map(Self.styledLine)
    }

    /// Every line of `lines` wrapped (see `lines(_:width:indent:)`).
    public static func lines(_ lines: [StyledLine], width: Int, indent: Int = 0) -> [StyledLine] {
        lines.flatMap { Self.lines($0, width: width, indent: indent) }
    }

    /// One character cell of the text being wrapped.
    private struct Cell {
        var character: Character
        var style: TextStyle
        var width: Int
    }

    private static func styledLine(_ cells: [Cell]) -> StyledLine {
        var spans: [StyledSpan] = []
        for cell in cells {
            if let last = spans.indices.last, spans[last].style == cell.style {
                spans[last].text.append(cell.character)
            } else {
                spans.append(StyledSpan(String(cell.character), cell.style))
            }
        }
        return StyledLine(spans)
    }
}

extension StyledLine {
    /// The line without its first `columns` display columns (horizontal scrolling);
    /// a wide character cut in half becomes a space.
    public func droppingColumns(_ columns: Int) -> StyledLine {
        guard columns > 0 else { return self }
        var skip = columns
        var out: [StyledSpan] = []
        for span in spans {
            if skip == 0 {
                out.append(span)
                continue
            }
            var text = ""
            for character in span.text {
                if skip > 0 {
                    let w = DisplayWidth.of(character)
                    if w > skip {
                        text += String(repeating: " ", count: w - skip)
                        skip = 0
                    } else {
                        skip -= w
                    }
                    continue
                }
                text.append(character)
            }
            if !text.isEmpty { out.append(StyledSpan(text, span.style)) }
        }
        return StyledLine(out)
    }

    /// The line's width in terminal columns.
    public var displayWidth: Int { spans.reduce(0) { $0 + DisplayWidth.of($1.text) } }
}
