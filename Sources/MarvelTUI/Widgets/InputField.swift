/// A one-line text input (the `/` filter and `:` command prompts): printable
/// keys insert at the cursor; Backspace/Delete, ←/→, Home/End (Ctrl-A/E) and
/// Ctrl-U (clear) edit; Enter submits and Esc cancels.
public struct InputField: Sendable, Hashable {
    /// What a key did to the field.
    public enum Outcome: Sendable, Hashable {
        /// The text changed (live filtering reacts to this).
        case changed
        /// The cursor moved or nothing happened; the text is the same.
        case unchanged
        /// Enter: the caller takes `text`.
        case submitted
        /// Esc: the caller drops the input.
        case cancelled
    }

    /// Shown before the text, like "/" or ":".
    public var prompt: String
    public private(set) var text: String
    /// Cursor position in Characters, 0...text.count.
    public private(set) var cursor: Int

    public init(prompt: String, text: String = "") {
        self.prompt = prompt
        self.text = text
        self.cursor = text.count
    }

    /// Replaces the text and puts the cursor at its end (completion, history).
    public mutating func replace(with newText: String) {
        text = newText
        cursor = newText.count
    }

    /// Applies one key.
    public mutating func handle(_ key: Key) -> Outcome {
        var chars = Array(text)
        switch key {
        case .enter: return .submitted
        case .escape: return .cancelled
        case .char(let c):
            guard !c.isNewline else { return .unchanged }
            chars.insert(c, at: cursor)
            cursor += 1
        case .backspace, .ctrl("h"):
            guard cursor > 0 else { return .unchanged }
            chars.remove(at: cursor - 1)
            cursor -= 1
        case .delete, .ctrl("d"):
            guard cursor < chars.count else { return .unchanged }
            chars.remove(at: cursor)
        case .ctrl("u"):
            guard !chars.isEmpty else { return .unchanged }
            chars.removeAll()
            cursor = 0
        case .left, .ctrl("b"):
            cursor = max(0, cursor - 1)
            return .unchanged
        case .right, .ctrl("f"):
            cursor = min(chars.count, cursor + 1)
            return .unchanged
        case .home, .ctrl("a"):
            cursor = 0
            return .unchanged
        case .end, .ctrl("e"):
            cursor = chars.count
            return .unchanged
        default:
            return .unchanged
        }
        text = String(chars)
        return .changed
    }

    /// Draws prompt, text and a block cursor on one row, scrolling the text
    /// horizontally so the cursor stays visible. `masked` draws each character
    /// as a dot (a password field).
    public func render(row: Int, column: Int, width: Int, on screen: any Screen, masked: Bool = false) {
        guard width > 0 else { return }
        screen.fill(row: row, column: column, count: width, character: " ", style: .normal)
        let promptWidth = screen.draw(prompt, row: row, column: column, width: width, style: TextStyle(.keyHint, bold: true))
        let room = width - promptWidth - 1
        guard room > 0 else { return }
        let chars: [Character] = masked ? Array(repeating: "•", count: text.count) : Array(text)
        // Show the window of characters that ends at the cursor when the text is too long.
        var start = 0
        var used = chars[0..<cursor].reduce(0) { $0 + DisplayWidth.of($1) }
        while used > room, start < cursor {
            used -= DisplayWidth.of(chars[start])
            start += 1
        }
        let visible = String(chars[start...])
        screen.draw(visible, row: row, column: column + promptWidth, width: room + 1, style: .normal, ellipsis: false)
        let cursorColumn = column + promptWidth + used
        let under = cursor < chars.count ? String(chars[cursor]) : " "
        screen.draw(under, row: row, column: cursorColumn, width: DisplayWidth.of(under), style: TextStyle(.normal, reverse: true),
                    ellipsis: false)
    }
}
