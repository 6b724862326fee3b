import CZlib

/// gzip in memory (zlib): the instance record is stored gzip-compressed, as
/// Helm 3 stores its releases. Decompression is bounded so a forged record
/// cannot fill memory.
enum Gzip {
    /// Why bytes could not be decompressed.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `bytes` as a gzip stream (RFC 1952).
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
        guard deflateInit2_(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { return [] }
        defer { deflateEnd(&stream) }
        var input = bytes
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        input.withUnsafeMutableBufferPointer { inBuf in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = uInt(inBuf.count)
            var status = Z_OK
            repeat {
                chunk.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = uInt(outBuf.count)
                    status = deflate(&stream, Z_FINISH)
                    out += outBuf[0..<(outBuf.count - Int(stream.avail_out))]
                }
            } while status == Z_OK
        }
        return out
    }

    /// The bytes of a gzip (or zlib) stream; fails on damage or past `limit` bytes of output.
    static func decompress(_ bytes: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        // windowBits 15 + 32: detect gzip or zlib from the header.
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(description: "zlib could not be initialised")
        }
        defer { inflateEnd(&stream) }
        var input = bytes
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var failure: Failure?
        input.withUnsafeMutableBufferPointer { inBuf in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = uInt(inBuf.count)
            while true {
                var status = Z_OK
                chunk.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = uInt(outBuf.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    out += outBuf[0..<(outBuf.count - Int(stream.avail_out))]
                }
                if out.count > limit {
                    failure = Failure(description: "it decompresses to more than \(limit >> 20) MiB")
                    return
                }
                if status == Z_STREAM_END { return }
                if status != Z_OK {
                    failure = Failure(description: status == Z_BUF_ERROR ? "the compressed data is truncated" : "the compressed data is damaged")
                    return
                }
            }
        }
        if let failure { throw failure }
        return out
    }
}
