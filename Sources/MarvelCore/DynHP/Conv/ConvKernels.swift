import CBLAS

/// The convolution kernels of the trainer on channel-major batches: a tensor of a batch of
/// `b` examples is stored C × B × H × W (each channel's maps contiguous), so a convolution is
/// one GEMM, W (out × in·k·k) · cols (in·k·k × B·Ho·Wo), whose result is already the output
/// in the same layout. NCHW examples are transposed into it at the input.
enum ConvKernels {
    /// im2col: `cols[(c·k + ky)·k + kx][(i·Ho + oy)·Wo + ox]` = input[c][i][oy·s − p + ky][ox·s − p + kx]
    /// (0 outside the map).
    static func im2col(_ input: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>, batch b: Int,
                       spec: ConvSpec, inShape: TensorShape, outShape: TensorShape) {
        let k = spec.kernel, s = spec.stride, pad = spec.padding
        let h = inShape.height, w = inShape.width, ho = outShape.height, wo = outShape.width
        let columns = b * ho * wo
        for c in 0..<spec.inChannels {
            for ky in 0..<k {
                for kx in 0..<k {
                    let row = cols + ((c * k + ky) * k + kx) * columns
                    for i in 0..<b {
                        let map = input + (c * b + i) * h * w
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

    /// col2im: adds every column entry back onto the input position it was read from.
    static func col2im(_ cols: UnsafePointer<Float>, _ input: UnsafeMutablePointer<Float>, batch b: Int,
                       spec: ConvSpec, inShape: TensorShape, outShape: TensorShape) {
        let k = spec.kernel, s = spec.stride, pad = spec.padding
        let h = inShape.height, w = inShape.width, ho = outShape.height, wo = outShape.width
        let columns = b * ho * wo
        for c in 0..<spec.inChannels {
            for ky in 0..<k {
                for kx in 0..<k {
                    let row = cols + ((c * k + ky) * k + kx) * columns
                    for i in 0..<b {
                        let map = input + (c * b + i) * h * w
                        let src = row + i * ho * wo
                        for oy in 0..<ho {
                            let y = oy * s - pad + ky
                            if y < 0 || y >= h { continue }
                            let line = src + oy * wo, dst = map + y * w
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

    /// out (out × B·P) = W · cols, as one SGEMM (`accumulate`: added to what `out` holds).
    static func gemmForward(_ weights: UnsafePointer<Float>, _ cols: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                            outChannels: Int, filterSize: Int, columns: Int) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(outChannels), Int32(columns), Int32(filterSize),
                    1, weights, Int32(filterSize), cols, Int32(columns), 0, out, Int32(columns))
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
