import Foundation

/// NPY 1.0 tensors (numpy's `.npy`): magic `\x93NUMPY`, version 1.0, a little-endian uint16
/// header length, an ASCII dict `{'descr': '<f4', 'fortran_order': False, 'shape': (r, c), }`
/// padded with spaces and a newline so the data starts at a multiple of 64, then the raw
/// C-order little-endian data. Supported dtypes: `<f4`, `<f8`, `<i4`, `<i8`, `<u8`.
public struct NPYArray: Sendable, Equatable {
    /// The element types read and written (numpy descr strings).
    public enum DType: String, Sendable, CaseIterable {
        case float32 = "<f4", float64 = "<f8", int32 = "<i4", int64 = "<i8", uint64 = "<u8"
        var size: Int { self == .float32 || self == .int32 ? 4 : 8 }
    }

    public var dtype: DType
    public var shape: [Int]
    /// Raw little-endian data, C order.
    public var data: [UInt8]

    public init(dtype: DType, shape: [Int], data: [UInt8]) {
        self.dtype = dtype
        self.shape = shape
        self.data = data
    }

    public var elementCount: Int { shape.reduce(1, *) }

    public init(_ values: [Float], shape: [Int]? = nil) {
        self.init(dtype: .float32, shape: shape ?? [values.count], data: values.withUnsafeBytes { Array($0) })
    }

    public init(_ values: [Int64], shape: [Int]? = nil) {
        self.init(dtype: .int64, shape: shape ?? [values.count], data: values.withUnsafeBytes { Array($0) })
    }

    public init(_ values: [Int32], shape: [Int]? = nil) {
        self.init(dtype: .int32, shape: shape ?? [values.count], data: values.withUnsafeBytes { Array($0) })
    }

    public init(_ values: [UInt64], shape: [Int]? = nil) {
        self.init(dtype: .uint64, shape: shape ?? [values.count], data: values.withUnsafeBytes { Array($0) })
    }

    public init(_ values: [Double], shape: [Int]? = nil) {
        self.init(dtype: .float64, shape: shape ?? [values.count], data: values.withUnsafeBytes { Array($0) })
    }

    private func values<T>(_ type: T.Type, _ dtype: DType) -> [T]? {
        guard self.dtype == dtype else { return nil }
        return data.withUnsafeBytes { raw in Array(raw.bindMemory(to: T.self).prefix(elementCount)) }
    }

    public var floats: [Float]? { values(Float.self, .float32) }
    public var doubles: [Double]? { values(Double.self, .float64) }
    public var int32s: [Int32]? { values(Int32.self, .int32) }
    public var int64s: [Int64]? { values(Int64.self, .int64) }
    public var uint64s: [UInt64]? { values(UInt64.self, .uint64) }

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(dtype.rawValue)', 'fortran_order': False, 'shape': \(dims), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let length = UInt16(header.utf8.count)
        out += [UInt8(length & 0xff), UInt8(length >> 8)]
        out += Array(header.utf8)
        out += data
        return out
    }

    /// Parses a file's bytes; `name` is used in errors.
    public static func decode(_ bytes: [UInt8], name: String) throws -> NPYArray {
        func fail(_ problem: String) -> DatasetError {
            DatasetError(path: name, problem: problem, hint: "the file is not an NPY 1.0 tensor written by marvdash or numpy")
        }
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
            throw fail("missing NPY magic")
        }
        guard bytes[6] == 1 else { throw fail("NPY version \(bytes[6]).\(bytes[7]) (only 1.0 is read)") }
        let length = Int(bytes[8]) | Int(bytes[9]) << 8
        guard bytes.count >= 10 + length, let header = String(bytes: bytes[10..<(10 + length)], encoding: .ascii) else {
            throw fail("truncated header")
        }
        guard let descr = field(header, "descr"), let dtype = DType(rawValue: descr.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))) else {
            throw fail("unsupported dtype in header \(header.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        guard let fortran = field(header, "fortran_order"), fortran == "False" else { throw fail("Fortran order is not supported") }
        guard let open = header.range(of: "'shape': (") ?? header.range(of: "\"shape\": ("),
              let close = header[open.upperBound...].firstIndex(of: ")") else { throw fail("no shape in header") }
        let dims = header[open.upperBound..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        var shape: [Int] = []
        for d in dims {
            guard let v = Int(d), v >= 0 else { throw fail("bad shape dimension '\(d)'") }
            shape.append(v)
        }
        // The element count and byte size, refused before they could overflow.
        var size = dtype.size
        for d in shape {
            let (product, overflow) = size.multipliedReportingOverflow(by: d)
            guard !overflow else { throw fail("shape \(shape) is too large") }
            size = product
        }
        let start = 10 + length
        guard bytes.count - start >= size else {
            throw fail("data holds \(bytes.count - start) bytes, shape \(shape) needs \(size)")
        }
        return NPYArray(dtype: dtype, shape: shape, data: Array(bytes[start..<(start + size)]))
    }

    private static func field(_ header: String, _ key: String) -> String? {
        guard let r = header.range(of: "'\(key)': ") ?? header.range(of: "\"\(key)\": ") else { return nil }
        let rest = header[r.upperBound...]
        let end = rest.firstIndex(of: ",") ?? rest.endIndex
        return rest[..<end].trimmingCharacters(in: .whitespaces)
    }

    /// Writes the tensor to `path`.
    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try Data(encoded()).write(to: url, options: .atomic)
        } catch {
            throw DynHPError("\(path): cannot write (\(error.localizedDescription)); check the --out directory")
        }
    }

    /// Largest tensor file read (a 784-300-100-10 network's biggest is under 1 MB).
    public static let maxFileBytes = 2 << 30

    /// Reads a tensor from `path`.
    public static func read(from path: String) throws -> NPYArray {
        let bytes: [UInt8]
        do {
            bytes = try LocalFile.read(path, limit: maxFileBytes)
        } catch {
            throw DatasetError(path: path, problem: "cannot read (\(error.detail))", hint: "check the model or checkpoint directory")
        }
        return try decode(bytes, name: path)
    }
}
