import CCurses

/// Curses colour pairs allocated on demand, one per (foreground, background);
/// when the terminal runs out of pairs, later combinations use pair 0.
struct ColorPairs {
    private struct Combination: Hashable {
        var foreground: Int
        var background: Int
    }

    private var pairs: [Combination: Int32] = [:]
    private var next: Int32 = 1
    private let limit: Int32
    private let defaultColors: Bool

    /// `limit` is COLOR_PAIRS; `defaultColors` says whether use_default_colors
    /// succeeded, so -1 means "the terminal's own colour".
    init(limit: Int, defaultColors: Bool) {
        self.limit = Int32(min(limit, Int(Int16.max)))
        self.defaultColors = defaultColors
    }

    mutating func pair(foreground: Int, background: Int) -> Int32 {
        var fg = foreground, bg = background
        if !defaultColors {
            if fg < 0 { fg = 7 }
            if bg < 0 { bg = 0 }
        }
        if fg < 0 && bg < 0 { return 0 }
        let key = Combination(foreground: fg, background: bg)
        if let existing = pairs[key] { return existing }
        guard next < limit else { return 0 }
        let number = next
        guard init_pair(Int16(number), Int16(clamping: fg), Int16(clamping: bg)) == ccurses_ok() else { return 0 }
        next += 1
        pairs[key] = number
        return number
    }
}
