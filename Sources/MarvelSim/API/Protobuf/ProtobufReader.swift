/// Reads the protocol-buffer wire format: a message is a sequence of
/// fields, each a key (field number and wire type) then a varint, a 64- or
/// 32-bit value, or a length-delimited payload (strings, bytes, embedded
/// messages, packed values).
struct ProtobufReader {
    /// One field of a message.
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        case bytes(ArraySlice<UInt8>)
    }

    struct Malformed: Error {}

    private var bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { bytes.isEmpty }

    /// The next field, or nil at the end.
    mutating func next() throws(Malformed) -> (number: Int, value: Value)? {
        guard !bytes.isEmpty else { return nil }
        let key = try varint()
        let number = Int(key >> 3)
        switch key & 7 {
        case 0: return (number, .varint(try varint()))
        case 1: return (number, .fixed64(try fixed(8)))
        case 2:
            let length = try varint()
            guard length <= UInt64(bytes.count) else { throw Malformed() }
            let payload = bytes.prefix(Int(length))
            bytes = bytes.dropFirst(Int(length))
            return (number, .bytes(payload))
        case 5: return (number, .fixed32(UInt32(try fixed(4))))
        default: throw Malformed()
        }
    }

    private mutating func varint() throws(Malformed) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while let b = bytes.first {
            bytes = bytes.dropFirst()
            value |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return value }
            shift += 7
            if shift > 63 { throw Malformed() }
        }
        throw Malformed()
    }

    private mutating func fixed(_ n: Int) throws(Malformed) -> UInt64 {
        guard bytes.count >= n else { throw Malformed() }
        var value: UInt64 = 0
        for (i, b) in bytes.prefix(n).enumerated() { value |= UInt64(b) << (8 * UInt64(i)) }
        bytes = bytes.dropFirst(n)
        return value
    }

    /// Every field of a message as (number, value), in order.
    static func fields(_ bytes: ArraySlice<UInt8>) throws(Malformed) -> [(number: Int, value: Value)] {
        var reader = ProtobufReader(bytes)
        var out: [(Int, Value)] = []
        while let f = try reader.next() { out.append(f) }
        return out
    }
}

extension ProtobufReader.Value {
    /// A length-delimited field as UTF-8 text.
    var string: String? {
        guard case .bytes(let b) = self else { return nil }
        return String(decoding: b, as: UTF8.self)
    }

    var payload: ArraySlice<UInt8>? {
        guard case .bytes(let b) = self else { return nil }
        return b
    }

    var integer: Int64? {
        guard case .varint(let v) = self else { return nil }
        return Int64(bitPattern: v)
    }
}
