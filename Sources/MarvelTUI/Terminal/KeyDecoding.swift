import CCurses

/// The curses key codes `Key.decode` understands, named so tests and callers
/// need not import the C module.
public enum CursesKeyCode {
    public static let up = UInt32(KEY_UP)
    public static let down = UInt32(KEY_DOWN)
    public static let left = UInt32(KEY_LEFT)
    public static let right = UInt32(KEY_RIGHT)
    public static let home = UInt32(KEY_HOME)
    public static let end = UInt32(KEY_END)
    public static let pageUp = UInt32(KEY_PPAGE)
    public static let pageDown = UInt32(KEY_NPAGE)
    public static let enter = UInt32(KEY_ENTER)
    public static let backspace = UInt32(KEY_BACKSPACE)
    public static let delete = UInt32(KEY_DC)
    public static let backTab = UInt32(KEY_BTAB)
    public static let resize = UInt32(KEY_RESIZE)
    /// KEY_F0; function key n is `f0 + n`.
    public static let f0 = UInt32(KEY_F0)
}

extension Key {
    /// Decodes one result of `wget_wch`: `isKeyCode` is true when curses
    /// returned KEY_CODE_YES (a KEY_* value), false for a character.
    /// Returns nil for codes the console has no use for (mouse, unknown keys).
    public static func decode(wch: UInt32, isKeyCode: Bool) -> Key? {
        if isKeyCode { return decodeKeyCode(wch) }
        switch wch {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 0: return .ctrl(" ")
        case 1...26:
            guard let scalar = Unicode.Scalar(wch + 96) else { return nil }
            return .ctrl(Character(scalar))
        case 28...31, 128...159:
            return nil
        default:
            guard let scalar = Unicode.Scalar(wch) else { return nil }
            return .char(Character(scalar))
        }
    }

    private static func decodeKeyCode(_ code: UInt32) -> Key? {
        switch code {
        case CursesKeyCode.up: return .up
        case CursesKeyCode.down: return .down
        case CursesKeyCode.left: return .left
        case CursesKeyCode.right: return .right
        case CursesKeyCode.home: return .home
        case CursesKeyCode.end: return .end
        case CursesKeyCode.pageUp: return .pageUp
        case CursesKeyCode.pageDown: return .pageDown
        case CursesKeyCode.enter: return .enter
        case CursesKeyCode.backspace: return .backspace
        case CursesKeyCode.delete: return .delete
        case CursesKeyCode.backTab: return .backTab
        case CursesKeyCode.resize: return .resize
        case (CursesKeyCode.f0 + 1)...(CursesKeyCode.f0 + 63): return .function(Int(code - CursesKeyCode.f0))
        default: return nil
        }
    }
}
