import Testing
import MarvelTUI

@Suite struct TerminalKeyTests {
    private func char(_ s: Unicode.Scalar) -> Key? { Key.decode(wch: s.value, isKeyCode: false) }
    private func code(_ c: UInt32) -> Key? { Key.decode(wch: c, isKeyCode: true) }

    @Test func printableCharacters() {
        #expect(char("j") == .char("j"))
        #expect(char("G") == .char("G"))
        #expect(char(":") == .char(":"))
        #expect(char(" ") == .char(" "))
        #expect(char("é") == .char("é"))
        #expect(char("日") == .char("日"))
    }

    @Test func controlCharacters() {
        #expect(char("\r") == .enter)
        #expect(char("\n") == .enter)
        #expect(char("\t") == .tab)
        #expect(char("\u{1B}") == .escape)
        #expect(char("\u{7F}") == .backspace)
        #expect(char("\u{08}") == .backspace)
        #expect(char("\u{04}") == .ctrl("d"))
        #expect(char("\u{01}") == .ctrl("a"))
        #expect(char("\u{15}") == .ctrl("u"))
        #expect(char("\u{1A}") == .ctrl("z"))
        #expect(char("\u{1C}") == nil)
        #expect(char("\u{85}") == nil)
    }

    @Test func cursesKeyCodes() {
        #expect(code(CursesKeyCode.up) == .up)
        #expect(code(CursesKeyCode.down) == .down)
        #expect(code(CursesKeyCode.left) == .left)
        #expect(code(CursesKeyCode.right) == .right)
        #expect(code(CursesKeyCode.pageUp) == .pageUp)
        #expect(code(CursesKeyCode.pageDown) == .pageDown)
        #expect(code(CursesKeyCode.home) == .home)
        #expect(code(CursesKeyCode.end) == .end)
        #expect(code(CursesKeyCode.enter) == .enter)
        #expect(code(CursesKeyCode.backspace) == .backspace)
        #expect(code(CursesKeyCode.delete) == .delete)
        #expect(code(CursesKeyCode.backTab) == .backTab)
        #expect(code(CursesKeyCode.resize) == .resize)
        #expect(code(CursesKeyCode.f0 + 5) == .function(5))
        #expect(code(CursesKeyCode.f0 + 12) == .function(12))
    }

    @Test func unknownKeyCodesAreDropped() {
        // KEY_MOUSE and other codes the console does not use.
        #expect(code(0o631) == nil)
        #expect(code(0o777) == nil)
    }

    @Test func keyCodesAreNotMistakenForCharacters() {
        // The same number means different things with and without KEY_CODE_YES.
        #expect(Key.decode(wch: CursesKeyCode.up, isKeyCode: false) == .char(Character(Unicode.Scalar(CursesKeyCode.up)!)))
    }

    @Test func helpNames() {
        #expect(Key.ctrl("d").description == "Ctrl-D")
        #expect(Key.escape.description == "Esc")
        #expect(Key.pageDown.description == "PgDn")
        #expect(Key.function(5).description == "F5")
        #expect(Key.char(" ").description == "Space")
        #expect(Key.char("/").description == "/")
    }
}
