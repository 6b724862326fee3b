/// An error reading JSON text, with the 1-based line and column where it happened.
public struct JSONParseError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "\(line):\(column): \(message)" }
}

extension JSONValue {
    /// Parses one JSON document (RFC 8259). Nesting deeper than `maxDepth` is refused.
    public static func parse(_ text: String, maxDepth: Int = 512) throws -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }

    /// Parses one JSON document from UTF-8 bytes.
    public static func parse<Bytes: Collection>(_ bytes: Bytes, maxDepth: Int = 512) throws -> JSONValue
    where Bytes.Element == UInt8 {
        var p = JSONByteParser(bytes: Array(bytes), maxDepth: maxDepth)
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        if p.pos < p.bytes.count { throw p.error("unexpected text after the JSON value") }
        return v
    }

    /// Parses one JSON document and lists the keys that appear twice in one object, as
    /// strict decoding prints them (`spec.replicas`, `spec.containers[0].name`); the last
    /// occurrence wins, as in Go.
    public static func parseReportingDuplicates<Bytes: Collection>(_ bytes: Bytes, maxDepth: Int = 512) throws -> (
        value: JSONValue, duplicateFields: [String]
    ) where Bytes.Element == UInt8 {
        var p = JSONByteParser(bytes: Array(bytes), maxDepth: maxDepth)
        p.tracksPaths = true
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        if p.pos < p.bytes.count { throw p.error("unexpected text after the JSON value") }
        return (v, p.duplicates)
    }
}

/// A recursive-descent reader over UTF-8 bytes; `pos` is the next byte to read.
struct JSONByteParser {
    let bytes: [UInt8]
    let maxDepth: Int
    var pos = 0
    /// When set, `duplicates` collects the paths of keys repeated within one object.
    var tracksPaths = false
    var path: [String] = []
    var duplicates: [String] = []

    func pathText(_ key: String) -> String {
        var text = ""
        for element in path + [key] {
            if element.hasPrefix("[") || text.isEmpty { text += element } else { text += "." + element }
        }
        return text
    }

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    func error(_ message: String) -> JSONParseError {
        var line = 1, col = 1
        for b in bytes[0..<min(pos, bytes.count)] {
            if b == 0x0A { line += 1; col = 1 } else if b & 0xC0 != 0x80 { col += 1 }
        }
        return JSONParseError(line: line, column: col, message: message)
    }

    mutating func skipSpace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    mutating func expect(_ literal: String, _ v: JSONValue) throws -> JSONValue {
        let lit = Array(literal.utf8)
        guard pos + lit.count <= bytes.count, Array(bytes[pos..<pos + lit.count]) == lit else {
            throw error("invalid literal, expected \(literal)")
        }
        pos += lit.count
        return v
    }

    mutating func value(depth: Int) throws -> JSONValue {
        guard depth < maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
        guard pos < bytes.count else { throw error("unexpected end of input") }
        switch bytes[pos] {
        case UInt8(ascii: "{"):
            pos += 1
            var obj = JSONObject()
            skipSpace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(obj) }
            while true {
                skipSpace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                let key = try string()
                skipSpace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw error("expected ':' after key") }
                pos += 1
                skipSpace()
                if tracksPaths {
                    if obj[key] != nil { duplicates.append(pathText(key)) }
                    path.append(key)
                }
                obj[key] = try value(depth: depth + 1)
                if tracksPaths { path.removeLast() }
                skipSpace()
                guard pos < bytes.count else { throw error("unterminated object") }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(obj) }
                throw error("expected ',' or '}' in object")
            }
        case UInt8(ascii: "["):
            pos += 1
            var arr: [JSONValue] = []
            skipSpace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(arr) }
            while true {
                skipSpace()
                if tracksPaths { path.append("[\(arr.count)]") }
                arr.append(try value(depth: depth + 1))
                if tracksPaths { path.removeLast() }
                skipSpace()
                guard pos < bytes.count else { throw error("unterminated array") }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(arr) }
                throw error("expected ',' or ']' in array")
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .null)
        default:
            return try number()
        }
    }

    /// A number by RFC 8259's grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    /// Integers that fit in Int stay integers; the rest become doubles.
    mutating func number() throws -> JSONValue {
        let start = pos
        if peek(is: "-") { pos += 1 }
        guard pos < bytes.count, Self.isDigit(bytes[pos]) else {
            throw error(pos == start ? "unexpected character" : "invalid number: a digit must follow '-'")
        }
        if bytes[pos] == UInt8(ascii: "0") { pos += 1 } else { skipDigits() }
        var isFloat = false
        if peek(is: ".") {
            pos += 1
            isFloat = true
            guard skipDigits() > 0 else { throw error("invalid number: a digit must follow '.'") }
        }
        if peek(is: "e") || peek(is: "E") {
            pos += 1
            isFloat = true
            if peek(is: "+") || peek(is: "-") { pos += 1 }
            guard skipDigits() > 0 else { throw error("invalid number: the exponent has no digits") }
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        if !isFloat, let i = Int(text) { return .int(i) }
        guard let d = Double(text), d.isFinite else { pos = start; throw error("number '\(text)' is out of range") }
        return .double(d)
    }

    private func peek(is character: Unicode.Scalar) -> Bool {
        pos < bytes.count && bytes[pos] == UInt8(ascii: character)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Skips ASCII digits; returns how many.
    @discardableResult
    private mutating func skipDigits() -> Int {
        let start = pos
        while pos < bytes.count, Self.isDigit(bytes[pos]) { pos += 1 }
        return pos - start
    }

    mutating func hex4() throws -> UInt32 {
        guard pos + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: throw error("invalid \\u escape")
            }
            v = v * 16 + d
            pos += 1
        }
        return v
    }

    mutating func string() throws -> String {
        pos += 1  // opening quote
        // Most strings have no escape: take them straight from the input.
        let start = pos
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                return String(decoding: bytes[start..<pos - 1], as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") || b < 0x20 { break }
            pos += 1
        }
        var out = Array(bytes[start..<pos])
        while true {
            guard pos < bytes.count else { throw error("unterminated string") }
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") { pos += 1; break }
            if b < 0x20 { throw error("control character in string") }
            if b != UInt8(ascii: "\\") { out.append(b); pos += 1; continue }
            pos += 1
            guard pos < bytes.count else { throw error("unterminated escape") }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800 && scalar < 0xDC00, pos + 6 <= bytes.count,
                    bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u")
                {
                    let escapeStart = pos
                    pos += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        pos = escapeStart  // a lone high surrogate; the next escape stands on its own
                    }
                }
                let s = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(s)).utf8))
            default: throw error("invalid escape \\\(Character(Unicode.Scalar(e)))")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
