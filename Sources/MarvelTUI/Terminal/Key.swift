/// A decoded key press. Letters with Ctrl arrive as `.ctrl("d")` (lower case);
/// `.resize` is the terminal reporting a new size rather than a real key.
public enum Key: Sendable, Hashable {
    case char(Character)
    case ctrl(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    case resize
    case function(Int)
    /// A mouse click or wheel step (only with mouse reporting on: `--mouse`).
    case mouse(MouseEvent)
}

/// A mouse event at a screen cell (row 0 is the title bar).
public struct MouseEvent: Sendable, Hashable {
    /// What the mouse did.
    public enum Action: Sendable, Hashable {
        case click, wheelUp, wheelDown
    }

    public var action: Action
    public var row: Int
    public var column: Int

    public init(_ action: Action, row: Int, column: Int) {
        self.action = action
        self.row = row
        self.column = column
    }
}

extension Key: CustomStringConvertible {
    /// How help screens name the key: "j", "Ctrl-D", "Esc", "PgUp", "F5".
    public var description: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "Ctrl-" + String(c).uppercased()
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .resize: return "Resize"
        case .function(let n): return "F\(n)"
        case .mouse(let event):
            switch event.action {
            case .click: return "Click"
            case .wheelUp: return "Wheel-Up"
            case .wheelDown: return "Wheel-Down"
            }
        }
    }
}
