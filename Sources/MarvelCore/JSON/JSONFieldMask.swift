/// Which members of a JSON document a parse keeps: `all` of a value, or of an
/// object only the named members (each with its own mask); the mask of an
/// array applies to each of its elements. What a list page of 500 pods needs:
/// the few fields the cache keeps are built, the rest (managedFields, volumes,
/// probes, env…) is only checked to be valid JSON and stepped over.
public indirect enum JSONFieldMask: Sendable, Hashable {
    case all
    case fields([String: JSONFieldMask])

    /// `value` as a masked parse of its text gives it: the members the mask names, recursively.
    public func apply(to value: JSONValue) -> JSONValue {
        guard case .fields(let keep) = self else { return value }
        switch value {
        case .object(let object):
            var out = JSONObject()
            for member in object { if let sub = keep[member.key] { out[member.key] = sub.apply(to: member.value) } }
            return .object(out)
        case .array(let items):
            return .array(items.map { apply(to: $0) })
        default:
            return value
        }
    }
}

extension JSONValue {
    /// Parses one JSON document keeping only what `mask` names. The whole text is still
    /// read as strictly as `parse(_:)` reads it: it throws exactly when `parse` would, and
    /// what it returns equals `mask.apply(to: parse(bytes))`.
    public static func parse<Bytes: Collection>(_ bytes: Bytes, keeping mask: JSONFieldMask, maxDepth: Int = 512) throws -> JSONValue
    where Bytes.Element == UInt8 {
        var p = JSONByteParser(bytes: Array(bytes), maxDepth: maxDepth)
        p.skipSpace()
        let v = try p.value(depth: 0, mask: mask)
        p.skipSpace()
        if p.pos < p.bytes.count { throw p.error("unexpected text after the JSON value") }
        return v
    }
}

extension JSONByteParser {
    /// A value under `mask`: objects keep the members it names, arrays apply it to each element.
    mutating func value(depth: Int, mask: JSONFieldMask) throws -> JSONValue {
        guard case .fields(let keep) = mask else { return try value(depth: depth) }
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
                if let sub = keep[key] {
                    obj[key] = try value(depth: depth + 1, mask: sub)
                } else {
                    try skipValue(depth: depth + 1)
                }
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
                arr.append(try value(depth: depth + 1, mask: mask))
                skipSpace()
                guard pos < bytes.count else { throw error("unterminated array") }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(arr) }
                throw error("expected ',' or ']' in array")
            }
        default:
            return try value(depth: depth)
        }
    }

    /// Steps over one value, checking it as `value(depth:)` would, without building it.
    mutating func skipValue(depth: Int) throws {
        guard depth < maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
        guard pos < bytes.count else { throw error("unexpected end of input") }
        switch bytes[pos] {
        case UInt8(ascii: "{"):
            pos += 1
            skipSpace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; return }
            while true {
                skipSpace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                try skipString()
                skipSpace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw error("expected ':' after key") }
                pos += 1
                skipSpace()
                try skipValue(depth: depth + 1)
                skipSpace()
                guard pos < bytes.count else { throw error("unterminated object") }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if bytes[pos] == UInt8(ascii: "}") { pos += 1; return }
                throw error("expected ',' or '}' in object")
            }
        case UInt8(ascii: "["):
            pos += 1
            skipSpace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; return }
            while true {
                skipSpace()
                try skipValue(depth: depth + 1)
                skipSpace()
                guard pos < bytes.count else { throw error("unterminated array") }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if bytes[pos] == UInt8(ascii: "]") { pos += 1; return }
                throw error("expected ',' or ']' in array")
            }
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "t"): _ = try expect("true", .null)
        case UInt8(ascii: "f"): _ = try expect("false", .null)
        case UInt8(ascii: "n"): _ = try expect("null", .null)
        default:
            try skipNumber()
        }
    }

    /// Steps over a string, refusing what `string()` refuses (control characters, bad escapes).
    mutating func skipString() throws {
        pos += 1  // opening quote
        while true {
            guard pos < bytes.count else { throw error("unterminated string") }
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") { pos += 1; return }
            if b < 0x20 { throw error("control character in string") }
            pos += 1
            guard b == UInt8(ascii: "\\") else { continue }
            guard pos < bytes.count else { throw error("unterminated escape") }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                continue
            case UInt8(ascii: "u"):
                _ = try hex4()
            default: throw error("invalid escape \\\(Character(Unicode.Scalar(e)))")
            }
        }
    }

    /// Steps over a number by `number()`'s grammar; only one that might not fit a finite
    /// Double (an exponent, or hundreds of digits) is converted, to refuse it as `number()` does.
    mutating func skipNumber() throws {
        let start = pos
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < bytes.count, Self.isDigitByte(bytes[pos]) else {
            throw error(pos == start ? "unexpected character" : "invalid number: a digit must follow '-'")
        }
        var digits = 0
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
        } else {
            while pos < bytes.count, Self.isDigitByte(bytes[pos]) { pos += 1; digits += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            let before = pos
            while pos < bytes.count, Self.isDigitByte(bytes[pos]) { pos += 1 }
            guard pos > before else { throw error("invalid number: a digit must follow '.'") }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") || digits > 300 {
            pos = start
            _ = try number()
        }
    }

    private static func isDigitByte(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
