/// Maps theme colours into the terminal's colour space: RGB to the nearest of
/// the xterm 256-colour palette, and anything to the 8 basic colours.
public enum ColorMapper {
    /// The six channel levels of the 6x6x6 colour cube (indices 16...231).
    static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// The RGB value of a palette index, for 16...255 exactly as xterm shows
    /// it; for 0...15 the usual xterm defaults.
    public static func rgb(ofIndex index: Int) -> (r: Int, g: Int, b: Int) {
        switch index {
        case ..<0: return (0, 0, 0)
        case 0..<16:
            let basic = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
                         (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]
            return basic[index]
        case 16..<232:
            let n = index - 16
            return (cubeLevels[n / 36], cubeLevels[(n / 6) % 6], cubeLevels[n % 6])
        default:
            let level = 8 + 10 * (min(index, 255) - 232)
            return (level, level, level)
        }
    }

    /// The palette index (16...255) nearest to (r, g, b) by squared distance,
    /// searching the colour cube and the grey ramp. Channels are clamped to 0...255.
    public static func nearest256(r: Int, g: Int, b: Int) -> Int {
        let r = clamp(r), g = clamp(g), b = clamp(b)
        let (ri, gi, bi) = (nearestLevel(r), nearestLevel(g), nearestLevel(b))
        let cube = 16 + 36 * ri + 6 * gi + bi
        var best = cube
        var bestDistance = distance((r, g, b), rgb(ofIndex: cube))
        for grey in 232...255 {
            let d = distance((r, g, b), rgb(ofIndex: grey))
            if d < bestDistance {
                best = grey
                bestDistance = d
            }
        }
        return best
    }

    /// The basic colour (0-7) for `c`, or -1 for the default colour. Named
    /// and 0...15 colours drop their bright bit; others map by hue to the
    /// nearest of red, yellow, green, cyan, blue, magenta; greys and very
    /// dark colours become black or white.
    public static func to8(_ c: ThemeColor) -> Int {
        to8(c, lightBackground: false)
    }

    /// Like `to8(_:)`; on a light background greys lean to black so they stay
    /// readable, on a dark one they lean to white.
    public static func to8(_ c: ThemeColor, lightBackground: Bool) -> Int {
        switch c {
        case .default: return -1
        case .named(let n): return ((n % 8) + 8) % 8
        case .index(let n) where n < 16: return ((n % 8) + 8) % 8
        case .index(let n): return hueTo8(rgb(ofIndex: n), lightBackground: lightBackground)
        case .rgb(let r, let g, let b): return hueTo8((clamp(r), clamp(g), clamp(b)), lightBackground: lightBackground)
        }
    }

    private static func hueTo8(_ c: (r: Int, g: Int, b: Int), lightBackground: Bool) -> Int {
        let high = max(c.r, c.g, c.b)
        let low = min(c.r, c.g, c.b)
        if high < 48 { return 0 }
        if high - low <= high / 4 {
            // Grey: black or white depending on brightness and the background.
            let threshold = lightBackground ? 208 : 96
            return high >= threshold ? 7 : 0
        }
        // Hue in degrees, then the nearest of the six basic hues.
        let span = Double(high - low)
        var hue: Double
        if high == c.r {
            hue = 60 * (Double(c.g - c.b) / span)
        } else if high == c.g {
            hue = 60 * (2 + Double(c.b - c.r) / span)
        } else {
            hue = 60 * (4 + Double(c.r - c.g) / span)
        }
        if hue < 0 { hue += 360 }
        let sector = Int((hue + 30).truncatingRemainder(dividingBy: 360) / 60)
        // red, yellow, green, cyan, blue, magenta as ANSI numbers
        return [1, 3, 2, 6, 4, 5][min(max(sector, 0), 5)]
    }

    private static func nearestLevel(_ v: Int) -> Int {
        var best = 0
        for (i, level) in cubeLevels.enumerated() where abs(level - v) < abs(cubeLevels[best] - v) { best = i }
        return best
    }

    private static func distance(_ a: (Int, Int, Int), _ b: (r: Int, g: Int, b: Int)) -> Int {
        let dr = a.0 - b.r, dg = a.1 - b.g, db = a.2 - b.b
        return dr * dr + dg * dg + db * db
    }

    private static func clamp(_ v: Int) -> Int { min(max(v, 0), 255) }
}
