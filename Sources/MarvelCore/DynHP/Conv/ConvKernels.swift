import CBLAS

/// The convolution kernels of the trainer on channel-major batches: a tensor of a batch of
/// `b` examples is stored C × B × H × W (each channel's maps contiguous), so a convolution's
/// output for examples i₀ ..< i₀ + g is one GEMM, W (out × in·k·k) · cols (in·k·k × g·Ho·Wo),
/// written straight into the output rows (leading dimension B·Ho·Wo). The examples go in
/// groups whose im2col matrix stays in cache (`groupSize`) rather than one matrix for the
/// whole batch, which for 16 filters of 3×3 on 28×28 at batch 128 would be 57 MB written and
/// read back from memory per convolution. NCHW examples are transposed into it at the input.
enum ConvKernels {
    /// Floats of one im2col group (512 KiB: half an L2 cache of the machines here).
    static let groupFloats = 1 << 17

    /// Examples per im2col group: as many as fit `limit` floats, at least one, at most `batch`.
    @inline(__always)
    static func groupSize(filterSize: Int, positions: Int, batch: Int, limit: Int = groupFloats) -> Int {
        max(1, min(batch, limit / max(1, filterSize * positions)))
    }

    /// im2col of examples `first ..< first + count` of a batch of `batch`:
    /// `cols[(c·k + ky)·k + kx][(i − first)·Ho·Wo + oy·Wo + ox]` = input[c][i][oy·s − p + ky][ox·s − p + kx]
    /// (0 outside the map).
    static func im2col(_ input: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>, first: Int, count g: Int, batch b: Int,
                       spec: ConvSpec, inShape: TensorShape, outShape: TensorShape) {
        if keepsMapSize(spec, inShape: inShape, outShape: outShape) {
            return im2colSameSize(input, cols, first: first, count: g, batch: b, spec: spec, map: inShape)
        }
        im2colAnyShape(input, cols, first: first, count: g, batch: b, spec: spec, inShape: inShape, outShape: outShape)
    }

    /// `im2col` for any stride and padding, map row by map row.
    static func im2colAnyShape(_ input: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>, first: Int, count g: Int, batch b: Int,
                               spec: ConvSpec, inShape: TensorShape, outShape: TensorShape) {
        let k = spec.kernel, s = spec.stride, pad = spec.padding
        let h = inShape.height, w = inShape.width, ho = outShape.height, wo = outShape.width
        let columns = g * ho * wo
        for c in 0..<spec.inChannels {
            for ky in 0..<k {
                for kx in 0..<k {
                    let row = cols + ((c * k + ky) * k + kx) * columns
                    for i in 0..<g {
                        let map = input + (c * b + first + i) * h * w
                        let dst = row + i * ho * wo
                        for oy in 0..<ho {
                            let y = oy * s - pad + ky
                            let line = dst + oy * wo
                            if y < 0 || y >= h {
                                line.update(repeating: 0, count: wo)
                                continue
                            }
                            let src = map + y * w
                            if s == 1 {
                                // x = ox − pad + kx: copy the in-range run, zero the edges.
                                let lo = max(0, pad - kx), hi = min(wo, w + pad - kx)
                                if lo > 0 { line.update(repeating: 0, count: min(lo, wo)) }
                                if hi > lo { (line + lo).update(from: src + (lo - pad + kx), count: hi - lo) }
                                if hi < wo { (line + max(hi, lo)).update(repeating: 0, count: wo - max(hi, lo)) }
                            } else {
                                for ox in 0..<wo {
                                    let x = ox * s - pad + kx
                                    line[ox] = x >= 0 && x < w ? src[x] : 0
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// col2im of a group (the layout of `im2col`): adds every column entry back onto the
    /// input position it was read from. `cols` is scratch: its out-of-map entries may be zeroed.
    static func col2im(_ cols: UnsafeMutablePointer<Float>, _ input: UnsafeMutablePointer<Float>, first: Int, count g: Int, batch b: Int,
                       spec: ConvSpec, inShape: TensorShape, outShape: TensorShape) {
        if keepsMapSize(spec, inShape: inShape, outShape: outShape) {
            return col2imSameSize(cols, input, first: first, count: g, batch: b, spec: spec, map: inShape)
        }
        col2imAnyShape(cols, input, first: first, count: g, batch: b, spec: spec, inShape: inShape, outShape: outShape)
    }

    /// `col2im` for any stride and padding, map row by map row (`cols` is only read).
    static func col2imAnyShape(_ cols: UnsafePointer<Float>, _ input: UnsafeMutablePointer<Float>, first: Int, count g: Int, batch b: Int,
                               spec: ConvSpec, inShape: TensorShape, outShape: TensorShape) {
        let k = spec.kernel, s = spec.stride, pad = spec.padding
        let h = inShape.height, w = inShape.width, ho = outShape.height, wo = outShape.width
        let columns = g * ho * wo
        for c in 0..<spec.inChannels {
            for ky in 0..<k {
                for kx in 0..<k {
                    let row = cols + ((c * k + ky) * k + kx) * columns
                    for i in 0..<g {
                        let map = input + (c * b + first + i) * h * w
                        let src = row + i * ho * wo
                        for oy in 0..<ho {
                            let y = oy * s - pad + ky
                            if y < 0 || y >= h { continue }
                            let line = src + oy * wo, dst = map + y * w
                            if s == 1 {
                                let lo = max(0, pad - kx), hi = min(wo, w + pad - kx)
                                if hi > lo {
                                    let from = line + lo, to = dst + (lo - pad + kx)
                                    for j in 0..<(hi - lo) { to[j] += from[j] }
                                }
                            } else {
                                for ox in 0..<wo {
                                    let x = ox * s - pad + kx
                                    if x >= 0 && x < w { dst[x] += line[ox] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// C (m × n, leading dimension ldc) = A (m × k) · B (k × n) + beta · C, row-major.
    @inline(__always)
    static func gemm(_ a: UnsafePointer<Float>, lda: Int, transposeA: Bool = false, _ bm: UnsafePointer<Float>, ldb: Int,
                     transposeB: Bool = false, _ c: UnsafeMutablePointer<Float>, ldc: Int, m: Int, n: Int, k: Int, beta: Float) {
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), bm, Int32(ldb), beta, c, Int32(ldc))
    }

    /// A direct convolution of one NCHW example (weights out × in·k·k, no bias): the
    /// reference the GEMM path is tested against.
    public static func naive(_ input: [Float], _ weights: [Float], spec: ConvSpec, inShape: TensorShape) -> [Float] {
        let ho = spec.outputSide(inShape.height), wo = spec.outputSide(inShape.width), k = spec.kernel
        var out = [Float](repeating: 0, count: spec.outChannels * ho * wo)
        for o in 0..<spec.outChannels {
            for oy in 0..<ho {
                for ox in 0..<wo {
                    var sum: Float = 0
                    for c in 0..<spec.inChannels {
                        for ky in 0..<k {
                            for kx in 0..<k {
                                let y = oy * spec.stride - spec.padding + ky, x = ox * spec.stride - spec.padding + kx
                                guard y >= 0, y < inShape.height, x >= 0, x < inShape.width else { continue }
                                sum += input[(c * inShape.height + y) * inShape.width + x] * weights[o * spec.filterSize + (c * k + ky) * k + kx]
                            }
                        }
                    }
                    out[(o * ho + oy) * wo + ox] = sum
                }
            }
        }
        return out
    }
}
