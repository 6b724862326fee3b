/// A grid of dots drawn with braille characters (U+2800 block, 2x4 dots per
/// cell), or, on terminals without UTF-8, one dot per cell shown as `*`
/// (solid series) or `.` (faint series). Dot (0, 0) is the top-left one.
public struct BrailleCanvas: Sendable {
    /// Dots per cell across and down: 2x4 with braille, 1x1 in ASCII.
    public let dotsAcross: Int
    public let dotsDown: Int
    /// Size in cells.
    public let width: Int
    public let height: Int
    private var bits: [UInt8]
    private var roles: [StyleRole?]
    /// Per cell: some dot came from a solid (not faint) series.
    private var solid: [Bool]

    public init(width: Int, height: Int, unicode: Bool) {
        self.width = max(0, width)
        self.height = max(0, height)
        dotsAcross = unicode ? 2 : 1
        dotsDown = unicode ? 4 : 1
        let cells = self.width * self.height
        bits = Array(repeating: 0, count: cells)
        roles = Array(repeating: nil, count: cells)
        solid = Array(repeating: false, count: cells)
    }

    /// Size in dots.
    public var dotWidth: Int { width * dotsAcross }
    public var dotHeight: Int { height * dotsDown }

    /// The braille bit of dot (dx, dy) inside a 2x4 cell (Unicode's dot numbering 1–8).
    static func brailleBit(dx: Int, dy: Int) -> UInt8 {
        switch (dx, dy) {
        case (0, 0): 0x01
        case (0, 1): 0x02
        case (0, 2): 0x04
        case (1, 0): 0x08
        case (1, 1): 0x10
        case (1, 2): 0x20
        case (0, 3): 0x40
        default: 0x80
        }
    }

    /// Sets one dot; dots outside the canvas are ignored. A faint dot never
    /// takes a cell's colour from a solid one.
    public mutating func set(x: Int, y: Int, role: StyleRole = .normal, faint: Bool = false) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y / dotsDown) * width + x / dotsAcross
        bits[cell] |= dotsAcross == 2 ? Self.brailleBit(dx: x % 2, dy: y % 4) : 1
        if !faint || !solid[cell] { roles[cell] = role }
        if !faint { solid[cell] = true }
    }

    /// Draws a straight line of dots from one dot to another (Bresenham).
    /// `dashed` leaves out every other run of three dots.
    public mutating func line(from a: (x: Int, y: Int), to b: (x: Int, y: Int), role: StyleRole = .normal,
                              faint: Bool = false, dashed: Bool = false, phase: inout Int) {
        var x = a.x, y = a.y
        let dx = abs(b.x - a.x), dy = -abs(b.y - a.y)
        let sx = a.x < b.x ? 1 : -1, sy = a.y < b.y ? 1 : -1
        var err = dx + dy
        while true {
            if !dashed || (phase / 3) % 2 == 0 { set(x: x, y: y, role: role, faint: faint) }
            phase += 1
            if x == b.x && y == b.y { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }

    /// Whether any dot of cell (row, column) is set.
    public func isSet(row: Int, column: Int) -> Bool {
        guard row >= 0, column >= 0, row < height, column < width else { return false }
        return bits[row * width + column] != 0
    }

    /// The character of cell (row, column): a braille pattern (U+2800 for an
    /// empty cell) or, in ASCII mode, `*`, `.` or a space.
    public func character(row: Int, column: Int) -> Character {
        guard row >= 0, column >= 0, row < height, column < width else { return " " }
        let cell = row * width + column
        if dotsAcross == 2 {
            return Character(Unicode.Scalar(0x2800 + UInt32(bits[cell])) ?? " ")
        }
        guard bits[cell] != 0 else { return " " }
        return solid[cell] ? "*" : "."
    }

    /// Draws the canvas with its top-left cell at (row, column); empty cells
    /// are left as they are so axes or a grid underneath stay visible.
    /// Neighbouring cells of one style go to the screen as one run.
    public func draw(row: Int, column: Int, on screen: any Screen) {
        for r in 0..<height {
            var c = 0
            while c < width {
                let cell = r * width + c
                guard bits[cell] != 0 else {
                    c += 1
                    continue
                }
                let style = cellStyle(cell)
                var text = String(character(row: r, column: c))
                var end = c + 1
                while end < width, bits[r * width + end] != 0, cellStyle(r * width + end) == style {
                    text.append(character(row: r, column: end))
                    end += 1
                }
                screen.put(text, row: row + r, column: column + c, style: style)
                c = end
            }
        }
    }

    private func cellStyle(_ cell: Int) -> TextStyle {
        TextStyle(roles[cell] ?? .normal, bold: solid[cell] && dotsAcross == 1)
    }
}
