import Testing
import MarvelTUI

@Suite struct ThemeColorTests {
    @Test func parsesEveryColourForm() {
        #expect(ThemeColor.parse("default") == .default)
        #expect(ThemeColor.parse("red") == .named(1))
        #expect(ThemeColor.parse("bright-black") == .named(8))
        #expect(ThemeColor.parse("brightblack") == .named(8))
        #expect(ThemeColor.parse("gray") == .named(8))
        #expect(ThemeColor.parse("grey") == .named(8))
        #expect(ThemeColor.parse("Bright-Cyan") == .named(14))
        #expect(ThemeColor.parse("bright_white") == .named(15))
        #expect(ThemeColor.parse("0") == .index(0))
        #expect(ThemeColor.parse("255") == .index(255))
        #expect(ThemeColor.parse("#FF8700") == .rgb(255, 135, 0))
        for bad in ["256", "-1", "purpl", "#ff00", "#gg0000", "", "ff0000"] {
            #expect(ThemeColor.parse(bad) == nil, "\(bad) parsed")
        }
    }

    @Test func descriptionRoundTrips() {
        for color in [ThemeColor.default, .named(12), .index(200), .rgb(1, 2, 255)] {
            #expect(ThemeColor.parse(color.description) == color)
        }
        #expect(ThemeColor.rgb(0, 0, 0xff).description == "#0000ff")
    }

    @Test func hexToNearest256() {
        #expect(ColorMapper.nearest256(r: 0xff, g: 0, b: 0) == 196)
        #expect(ColorMapper.nearest256(r: 0, g: 0, b: 0) == 16)
        #expect(ColorMapper.nearest256(r: 0x80, g: 0x80, b: 0x80) == 244)
        #expect(ColorMapper.nearest256(r: 0xff, g: 0xff, b: 0xff) == 231)
        // Hand-checked: exact cube and ramp entries, and nearest ones.
        #expect(ColorMapper.nearest256(r: 0xff, g: 0x87, b: 0x00) == 208)   // cube (5,2,0)
        #expect(ColorMapper.nearest256(r: 0x5f, g: 0x87, b: 0xaf) == 67)    // cube (1,2,3)
        #expect(ColorMapper.nearest256(r: 0x08, g: 0x08, b: 0x08) == 232)   // first grey
        #expect(ColorMapper.nearest256(r: 0xee, g: 0xee, b: 0xee) == 255)   // last grey
        #expect(ColorMapper.nearest256(r: 0x76, g: 0x76, b: 0x76) == 243)   // grey 118 beats cube 135
        #expect(ColorMapper.nearest256(r: 0x26, g: 0x8b, b: 0xd2) == 32)    // solarized blue → (0,135,215)
        #expect(ColorMapper.nearest256(r: 300, g: -5, b: 0) == 196)         // clamped
        #expect(ThemeColor.rgb(0xff, 0, 0).index256 == 196)
        #expect(ThemeColor.default.index256 == -1)
    }

    @Test func paletteValues() {
        #expect(ColorMapper.rgb(ofIndex: 16) == (0, 0, 0))
        #expect(ColorMapper.rgb(ofIndex: 196) == (255, 0, 0))
        #expect(ColorMapper.rgb(ofIndex: 231) == (255, 255, 255))
        #expect(ColorMapper.rgb(ofIndex: 244) == (128, 128, 128))
        for index in 16...255 {
            let (r, g, b) = ColorMapper.rgb(ofIndex: index)
            #expect(ColorMapper.nearest256(r: r, g: g, b: b) == index)
        }
    }

    @Test func eightColourFallback() {
        #expect(ColorMapper.to8(.default) == -1)
        #expect(ColorMapper.to8(.named(2)) == 2)
        #expect(ColorMapper.to8(.named(9)) == 1)
        #expect(ColorMapper.to8(.index(12)) == 4)
        #expect(ColorMapper.to8(.index(196)) == 1)   // red
        #expect(ColorMapper.to8(.index(21)) == 4)    // blue
        #expect(ColorMapper.to8(.index(17)) == 4)    // dark blue stays blue
        #expect(ColorMapper.to8(.index(226)) == 3)   // yellow
        #expect(ColorMapper.to8(.index(40)) == 2)    // green
        #expect(ColorMapper.to8(.index(51)) == 6)    // cyan
        #expect(ColorMapper.to8(.index(201)) == 5)   // magenta
        #expect(ColorMapper.to8(.rgb(0x30, 0x30, 0x30)) == 0)
        #expect(ColorMapper.to8(.index(250)) == 7)
        #expect(ColorMapper.to8(.index(238)) == 0)
        #expect(ColorMapper.to8(.index(16)) == 0)
        #expect(ColorMapper.to8(.index(231)) == 7)
        #expect(ColorMapper.to8(.index(245), lightBackground: true) == 0)
        #expect(ColorMapper.to8(.index(254), lightBackground: true) == 7)
    }
}
