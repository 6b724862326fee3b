import CZlib
import Foundation

/// Reads IDX files (the MNIST format: big-endian magic 0x0000_08_NN, dimension sizes, raw
/// unsigned bytes), gzip-compressed or plain (zlib reads both).
public struct IDXReader: Sendable {
    /// What to tell the user when a file is missing or corrupt.
    public var hint: String

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
        let header = try readExactly(file, count: 4 + 4 * rank, path: path, what: "header")
        guard header[0] == 0, header[1] == 0, header[2] == 0x08, Int(header[3]) == rank else {
            let magic = header.prefix(4).map { String(format: "%02x", $0) }.joined()
            throw DatasetError(path: path, problem: "not an IDX file of \(rank)-d unsigned bytes (magic 0x\(magic))", hint: hint)
        }
        var dims: [Int] = []
        var total = 1
        for d in 0..<rank {
            let o = 4 + 4 * d
            let v = Int(header[o]) << 24 | Int(header[o + 1]) << 16 | Int(header[o + 2]) << 8 | Int(header[o + 3])
            dims.append(v)
            total *= v
            guard total <= 1 << 31 else {
                throw DatasetError(path: path, problem: "implausible dimensions \(dims)", hint: hint)
            }
        }
        let payload = try readExactly(file, count: total, path: path, what: "data")
        return Tensor(dimensions: dims, bytes: payload)
    }

    private func readExactly(_ file: gzFile, count: Int, path: String, what: String) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let chunk = UInt32(min(count - done, 1 << 26))
            let n = out.withUnsafeMutableBytes { gzread(file, $0.baseAddress.map { $0 + done }, chunk) }
            if n < 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "read error"
                throw DatasetError(path: path, problem: "corrupt \(what) (\(message))", hint: hint)
            }
            if n == 0 {
                throw DatasetError(path: path, problem: "truncated \(what): \(done) of \(count) bytes", hint: hint)
            }
            done += Int(n)
        }
        return out
    }
}
