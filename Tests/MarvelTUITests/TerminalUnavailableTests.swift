import Testing
import MarvelTUI
#if canImport(Glibc)
import Glibc
#endif

@Suite struct TerminalUnavailableTests {
    static let pointer = "use the CLI instead: marvdash nodes, marvdash version (marvdash --help lists all)"

    @Test func dumbTerminalIsRefusedWithAPointerToTheCLI() {
        #expect(throws: TerminalUnavailable(.dumbTerminal(term: "dumb"))) {
            try TerminalUnavailable.check(environment: ["TERM": "dumb"], stdinIsTTY: true, stdoutIsTTY: true)
        }
        #expect(TerminalUnavailable(.dumbTerminal(term: "dumb")).description
            == "marvdash: the console needs a terminal (TERM=dumb); " + Self.pointer)
    }

    @Test func unsetOrEmptyTermIsRefused() {
        #expect(throws: TerminalUnavailable(.dumbTerminal(term: nil))) {
            try TerminalUnavailable.check(environment: [:], stdinIsTTY: true, stdoutIsTTY: true)
        }
        #expect(throws: TerminalUnavailable(.dumbTerminal(term: nil))) {
            try TerminalUnavailable.check(environment: ["TERM": ""], stdinIsTTY: true, stdoutIsTTY: true)
        }
        #expect(TerminalUnavailable(.dumbTerminal(term: nil)).description.contains("TERM is not set"))
    }

    @Test func pipesAreRefused() {
        for (stdin, stdout) in [(false, true), (true, false), (false, false)] {
            #expect(throws: TerminalUnavailable(.notATerminal)) {
                try TerminalUnavailable.check(environment: ["TERM": "xterm-256color"], stdinIsTTY: stdin, stdoutIsTTY: stdout)
            }
        }
        #expect(TerminalUnavailable(.notATerminal).description
            == "marvdash: standard input/output is not a terminal; " + Self.pointer)
    }

    @Test func aRealTerminalPasses() throws {
        try TerminalUnavailable.check(environment: ["TERM": "screen-256color"], stdinIsTTY: true, stdoutIsTTY: true)
    }

    @Test func cursesTerminalRefusesTermDumb() {
        #expect(throws: TerminalUnavailable(.dumbTerminal(term: "dumb"))) {
            _ = try CursesTerminal(theme: .builtinDefault, environment: ["TERM": "dumb"])
        }
    }

    @Test(.enabled(if: isatty(0) == 0 || isatty(1) == 0, "stdin or stdout is a pipe, as under swift test"))
    func cursesTerminalRefusesANonTTY() {
        #expect(throws: TerminalUnavailable(.notATerminal)) {
            _ = try CursesTerminal(theme: .builtinDefault, environment: ["TERM": "xterm-256color"])
        }
    }
}
