/// The im2col and col2im of convolutions that keep the map's size at stride 1 (3×3 with
/// padding 1, 5×5 with padding 2, …: most of a ResNet's): with channel-major batches, row
/// (c, ky, kx) of the im2col matrix over a group of examples is the group's maps of channel c
/// read at one offset, so each row is one long copy (or one long addition) instead of a short
/// one per map row, and only the positions that fall outside their map are fixed up.
extension ConvKernels {
    /// Whether a convolution keeps its map's size at stride 1 (kernel 2·padding + 1, e.g. 3×3
    /// with padding 1): its im2col row (c, ky, kx) over a group of examples is then the group's
    /// maps of channel c read at one offset, (ky − p)·W + (kx − p), except at the positions that
    /// fall outside their map (a band of rows and columns per example), which are 0.
    @inline(__always)
    static func keepsMapSize(_ spec: ConvSpec, inShape: TensorShape, outShape: TensorShape) -> Bool {
        spec.stride == 1 && spec.kernel == 2 * spec.padding + 1 && inShape.height == outShape.height && inShape.width == outShape.width
    }

    /// im2col of a `keepsMapSize` convolution: one long copy per row of the im2col matrix, then
    /// the out-of-map positions set to 0 (the same matrix `im2col` writes).
    static func im2colSameSize(_ input: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>, first: Int, count g: Int,
                               batch b: Int, spec: ConvSpec, map: TensorShape) {
        forEachRow(spec, map: map, count: g) { row, c, dy, dx, span, offset in
            let src = input + (c * b + first) * map.positions
            if !span.isEmpty { (cols + row + span.lowerBound).update(from: src + span.lowerBound + offset, count: span.count) }
            zeroOutside(cols + row, examples: g, map: map, dy: dy, dx: dx)
        }
    }

    /// col2im of a `keepsMapSize` convolution: the out-of-map entries of each row are set to 0
    /// (the rows are scratch), then the row is added onto the group's maps at its offset in one
    /// pass. Every map position receives the same terms in the same order as `col2im` adds them.
    static func col2imSameSize(_ cols: UnsafeMutablePointer<Float>, _ input: UnsafeMutablePointer<Float>, first: Int, count g: Int,
                               batch b: Int, spec: ConvSpec, map: TensorShape) {
        forEachRow(spec, map: map, count: g) { row, c, dy, dx, span, offset in
            zeroOutside(cols + row, examples: g, map: map, dy: dy, dx: dx)
            let from = cols + row + span.lowerBound, to = input + (c * b + first) * map.positions + span.lowerBound + offset
            for j in 0..<span.count { to[j] += from[j] }
        }
    }

    /// Calls `body` for each row (c, ky, kx) of a group of `g` examples' im2col matrix, in
    /// order: the row's first float, c, the shift (dy, dx) = (ky − p, kx − p), the span of
    /// the row whose shifted position stays inside the group's maps, and the offset
    /// dy·W + dx from a row entry to the map position it reads.
    @inline(__always)
    private static func forEachRow(_ spec: ConvSpec, map: TensorShape, count g: Int,
                                   _ body: (_ row: Int, _ c: Int, _ dy: Int, _ dx: Int, _ span: Range<Int>, _ offset: Int) -> Void) {
        let k = spec.kernel, pad = spec.padding, total = g * map.positions
        for c in 0..<spec.inChannels {
            for ky in 0..<k {
                for kx in 0..<k {
                    let dy = ky - pad, dx = kx - pad, offset = dy * map.width + dx
                    let lo = max(0, -offset), hi = max(lo, min(total, total - offset))
                    body(((c * k + ky) * k + kx) * total, c, dy, dx, lo..<hi, offset)
                }
            }
        }
    }

    /// Sets to 0 the entries of one im2col row (`examples` maps of `map`'s size) whose position
    /// shifted by (dy, dx) falls outside the map: |dy| rows at the top or bottom, |dx| columns
    /// at the left or right of each example's map.
    @inline(__always)
    private static func zeroOutside(_ row: UnsafeMutablePointer<Float>, examples g: Int, map: TensorShape, dy: Int, dx: Int) {
        let h = map.height, w = map.width, hw = map.positions
        let rows = dy < 0 ? 0..<min(h, -dy) : max(0, h - dy)..<h
        let columns = dx < 0 ? 0..<min(w, -dx) : max(0, w - dx)..<w
        for i in 0..<g {
            let example = row + i * hw
            if !rows.isEmpty { (example + rows.lowerBound * w).update(repeating: 0, count: rows.count * w) }
            if !columns.isEmpty {
                for y in 0..<h {
                    let line = example + y * w
                    for x in columns { line[x] = 0 }
                }
            }
        }
    }
}
