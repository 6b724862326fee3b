/// What colours the terminal shows: none (NO_COLOR or a monochrome terminal,
/// attributes only), the 8 basic colours, or the 256-colour palette.
public enum ColorMode: Sendable, Hashable {
    case none, eight, ansi256

    /// Chooses the mode from the environment and the terminal's colour count:
    /// NO_COLOR set and non-empty → none; fewer than 8 colours → none;
    /// 256 or more → ansi256; otherwise eight.
    public static func choose(environment: [String: String], terminalColors: Int, hasColors: Bool) -> ColorMode {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        guard hasColors, terminalColors >= 8 else { return .none }
        return terminalColors >= 256 ? .ansi256 : .eight
    }
}
