import CCurses
import CTerminalGuard
#if canImport(Glibc)
import Glibc
#endif

/// The terminal's last resort when the console dies from a crash signal (SIGSEGV,
/// SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP): a C handler (`CTerminalGuard`) writes the
/// reset sequences prepared here — attributes off, cursor shown, keypad mode off, the
/// alternate screen left — restores the terminal modes saved before curses started, and
/// passes the signal on to Swift's backtracer (or the default action), whose report then
/// lands below a usable shell. `SignalWatcher` handles the signals that end the console
/// normally (SIGINT, SIGTERM, SIGHUP).
enum TerminalCrashGuard {
    /// Saves the terminal modes of `fd`; call before curses changes them.
    static func saveModes(of fd: Int32) {
        _ = terminal_guard_save_modes(fd)
    }

    /// Installs the crash handlers, with the reset sequences of the terminal curses runs
    /// on (call after curses started, so terminfo is loaded); they write to `fd`.
    static func arm(writingTo fd: Int32) {
        let sequence = resetSequence()
        _ = sequence.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { terminal_guard_arm(fd, $0.baseAddress, $0.count) }
        }
    }

    /// Puts the previous handlers back once the terminal was restored the normal way.
    static func disarm() {
        terminal_guard_disarm()
    }

    /// Whether the crash handlers are installed.
    static var isArmed: Bool { terminal_guard_is_armed() != 0 }

    /// The terminal's own sequences for: attributes off (sgr0), cursor visible (cnorm),
    /// keypad transmit off (rmkx), leave the alternate screen (rmcup) — xterm's where the
    /// terminfo entry has none — without terminfo padding (`$<5>`), which only tputs reads.
    static func resetSequence() -> [UInt8] {
        let wanted: [(capability: String, fallback: String)] = [
            ("sgr0", "\u{1B}[0m"), ("cnorm", "\u{1B}[?25h"), ("rmkx", ""), ("rmcup", "\u{1B}[?1049l"),
        ]
        var bytes: [UInt8] = []
        for (capability, fallback) in wanted {
            bytes += withoutPadding(stringCapability(capability) ?? Array(fallback.utf8))
        }
        return bytes
    }

    /// A terminfo string capability of the current terminal, nil when it has none.
    private static func stringCapability(_ name: String) -> [UInt8]? {
        guard let value = name.withCString({ tigetstr($0) }), Int(bitPattern: value) != -1 else { return nil }
        return Array(String(cString: value).utf8)
    }

    /// `bytes` without `$<…>` delays.
    static func withoutPadding(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "$"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "<"),
               let close = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: ">")) {
                i = close + 1
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }
}
