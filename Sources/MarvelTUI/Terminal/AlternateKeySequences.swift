import CCurses

/// Escape sequences terminals send for navigation keys that a TERM's terminfo
/// entry may not list: PuTTY and tmux send `ESC [1~`/`ESC [4~` for Home/End
/// even when TERM says xterm, rxvt sends `ESC [7~`/`ESC [8~`, and a terminal
/// left in normal cursor mode sends `ESC [A` where terminfo expects `ESC OA`.
/// Unknown to curses, such a sequence would arrive as Esc plus letters and
/// digits (Esc "backs out", "4" switches pane), so the console teaches them
/// to curses at start; sequences the terminfo entry already binds stay as they are.
enum AlternateKeySequences {
    /// Each sequence with the curses key code it stands for.
    static let all: [(sequence: String, code: Int32)] = [
        ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME), ("\u{1B}[H", KEY_HOME), ("\u{1B}OH", KEY_HOME),
        ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END), ("\u{1B}[F", KEY_END), ("\u{1B}OF", KEY_END),
        ("\u{1B}[5~", KEY_PPAGE), ("\u{1B}[6~", KEY_NPAGE),
        ("\u{1B}[3~", KEY_DC), ("\u{1B}[Z", KEY_BTAB),
        ("\u{1B}[A", KEY_UP), ("\u{1B}OA", KEY_UP), ("\u{1B}[B", KEY_DOWN), ("\u{1B}OB", KEY_DOWN),
        ("\u{1B}[C", KEY_RIGHT), ("\u{1B}OC", KEY_RIGHT), ("\u{1B}[D", KEY_LEFT), ("\u{1B}OD", KEY_LEFT),
    ]

    /// Binds every sequence the current curses screen does not know yet.
    /// Curses must be running (after newterm/set_term), on the main thread.
    static func install() {
        for (sequence, code) in all where key_defined(sequence) == 0 {
            _ = define_key(sequence, code)
        }
    }
}
