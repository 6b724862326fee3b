/// Reading the few members of an API object a decoder needs straight from its
/// bytes, stepping over the rest without building it. Each reader checks what
/// `value(depth:)` checks (nesting, syntax) at the same positions, so a text is
/// refused exactly where parsing it whole would refuse it; a member written
/// twice is read twice and the later reading wins, as in a parsed object.
extension JSONByteParser {
    /// The value at `depth` as an object: `member` gets each key with `pos` at its value,
    /// which it must read or step over at `depth + 1`. Anything else is stepped over and
    /// false returned.
    mutating func readObject(depth: Int, _ member: (inout JSONByteParser, String) throws -> Void) throws -> Bool {
        guard depth < maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
        guard pos < bytes.count else { throw error("unexpected end of input") }
        guard bytes[pos] == UInt8(ascii: "{") else {
            try skipValue(depth: depth)
            return false
        }
        pos += 1
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; return true }
        while true {
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try string()
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw error("expected ':' after key") }
            pos += 1
            skipSpace()
            try member(&self, key)
            skipSpace()
            guard pos < bytes.count else { throw error("unterminated object") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; return true }
            throw error("expected ',' or '}' in object")
        }
    }

    /// The value at `depth` as an array: `element` reads (or steps over) each element at
    /// `depth + 1`. Anything else is stepped over.
    mutating func readArray(depth: Int, _ element: (inout JSONByteParser) throws -> Void) throws {
        guard depth < maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
        guard pos < bytes.count else { throw error("unexpected end of input") }
        guard bytes[pos] == UInt8(ascii: "[") else {
            try skipValue(depth: depth)
            return
        }
        pos += 1
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; return }
        while true {
            skipSpace()
            try element(&self)
            skipSpace()
            guard pos < bytes.count else { throw error("unterminated array") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; return }
            throw error("expected ',' or ']' in array")
        }
    }

    /// A scalar at `depth` as `value(depth:)` gives it; an object or array is stepped
    /// over and gives nil.
    mutating func leaf(depth: Int) throws -> JSONValue? {
        guard depth < maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
        guard pos < bytes.count else { throw error("unexpected end of input") }
        switch bytes[pos] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try skipValue(depth: depth)
            return nil
        case UInt8(ascii: "\""):
            return .string(try string())
        default:
            return try value(depth: depth)
        }
    }

    /// A string at `depth`, nil for any other value (`stringValue` of the parsed value).
    mutating func stringLeaf(depth: Int) throws -> String? { try leaf(depth: depth)?.stringValue }

    /// An object's string members (labels, annotations) as `FieldReader.stringMap` reads
    /// them from a parsed object: members of other types are left out; [:] when not an object.
    mutating func stringMap(depth: Int) throws -> [String: String] {
        var out: [String: String] = [:]
        _ = try readObject(depth: depth) { p, key in out[key] = try p.stringLeaf(depth: depth + 1) }
        return out
    }

    /// An object of scalars (quantities) with each object or array member as null, which
    /// `FieldReader.quantities` refuses as it refuses the parsed member; nil when not an object.
    mutating func scalarObject(depth: Int) throws -> JSONObject? {
        var out = JSONObject()
        let isObject = try readObject(depth: depth) { p, key in out[key] = try p.leaf(depth: depth + 1) ?? .null }
        return isObject ? out : nil
    }

    /// Whether the value at `depth` is an object (stepped over either way).
    mutating func isObject(depth: Int) throws -> Bool {
        try readObject(depth: depth) { p, _ in try p.skipValue(depth: depth + 1) }
    }
}
