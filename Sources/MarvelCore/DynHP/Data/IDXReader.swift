import CZlib
import Foundation

/// Reads IDX files (the MNIST format: big-endian magic 0x0000_08_NN, dimension sizes, raw
/// unsigned bytes), gzip-compressed or plain (zlib reads both). The header's sizes are
/// never trusted for an allocation: the payload grows only as bytes actually arrive, so a
/// short file claiming gigabytes is refused as truncated after reading what it holds.
public struct IDXReader: Sendable {
    /// What to tell the user when a file is missing or corrupt.
    public var hint: String

    /// Largest payload accepted (2 GiB; Fashion-MNIST's training images are 47 MB).
    public static let maxPayload = 1 << 31

    public init(hint: String) { self.hint = hint }

    /// An IDX file's shape and payload.
    public struct Tensor: Sendable, Equatable {
        public var dimensions: [Int]
        public var bytes: [UInt8]
    }

    /// Reads an IDX file of unsigned bytes (type 0x08) with `rank` dimensions.
    public func read(path: String, rank: Int) throws -> Tensor {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DatasetError(path: path, problem: "file not found", hint: hint)
        }
        guard let file = gzopen(path, "rb") else {
            throw DatasetError(path: path, problem: "cannot open (\(String(cString: strerror(errno))))", hint: hint)
        }
        defer { gzclose(file) }
        var source = GzipSource(file: file)
        return try decode(from: &source, rank: rank, name: path)
    }

    /// Decodes an IDX file's (uncompressed) bytes; `name` is used in errors.
    public func decode(_ bytes: [UInt8], rank: Int, name: String) throws -> Tensor {
        var source = MemorySource(bytes: bytes)
        return try decode(from: &source, rank: rank, name: name)
    }

    private func decode<Source: IDXSource>(from source: inout Source, rank: Int, name: String) throws -> Tensor {
        let header = try readUpTo(&source, count: 4 + 4 * rank, name: name, what: "header")
        guard header.count == 4 + 4 * rank else {
            throw DatasetError(path: name, problem: "truncated header: \(header.count) of \(4 + 4 * rank) bytes", hint: hint)
        }
        guard header[0] == 0, header[1] == 0, header[2] == 0x08, Int(header[3]) == rank else {
            let magic = header.prefix(4).map { String(format: "%02x", $0) }.joined()
            throw DatasetError(path: name, problem: "not an IDX file of \(rank)-d unsigned bytes (magic 0x\(magic))", hint: hint)
        }
        var dims: [Int] = []
        var total = 1
        for d in 0..<rank {
            let o = 4 + 4 * d
            let v = Int(header[o]) << 24 | Int(header[o + 1]) << 16 | Int(header[o + 2]) << 8 | Int(header[o + 3])
            dims.append(v)
            let (product, overflow) = total.multipliedReportingOverflow(by: v)
            guard !overflow, product <= Self.maxPayload else {
                throw DatasetError(path: name, problem: "implausible dimensions \(dims) (over \(Self.maxPayload) bytes)", hint: hint)
            }
            total = product
        }
        let payload = try readUpTo(&source, count: total, name: name, what: "data")
        guard payload.count == total else {
            throw DatasetError(
                path: name, problem: "truncated data: the header claims \(total) bytes (\(dims.map(String.init).joined(separator: "x"))), the file holds \(payload.count)",
                hint: hint)
        }
        return Tensor(dimensions: dims, bytes: payload)
    }

    /// Up to `count` bytes, fewer at the end of the stream; memory grows with what is read.
    private func readUpTo<Source: IDXSource>(_ source: inout Source, count: Int, name: String, what: String) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(min(count, 1 << 20))
        var chunk = [UInt8](repeating: 0, count: min(count, 1 << 20))
        while out.count < count {
            let wanted = min(count - out.count, chunk.count)
            let n = try chunk.withUnsafeMutableBytes { buffer in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted]))
            }
            if n < 0 {
                throw DatasetError(path: name, problem: "corrupt \(what) (\(source.lastError))", hint: hint)
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }
}

/// Where IDX bytes come from: a (possibly gzip-compressed) file or memory.
private protocol IDXSource {
    /// Bytes read into `buffer`: 0 at the end, negative on an error (`lastError` says which).
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    var lastError: String { get }
}

private struct GzipSource: IDXSource {
    let file: gzFile

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        Int(gzread(file, buffer.baseAddress, UInt32(buffer.count)))
    }

    var lastError: String {
        var code: Int32 = 0
        return gzerror(file, &code).map { String(cString: $0) } ?? "read error"
    }
}

private struct MemorySource: IDXSource {
    let bytes: [UInt8]
    var offset = 0

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let n = min(buffer.count, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { raw in
            if let from = raw.baseAddress, let to = buffer.baseAddress { to.copyMemory(from: from + offset, byteCount: n) }
        }
        offset += n
        return n
    }

    var lastError: String { "read error" }
}
