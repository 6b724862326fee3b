/// The numbers of HTTP/1.1's grammar (RFC 9110/9112): `1*DIGIT` (Content-Length, status
/// codes) and `1*HEXDIG` (chunk sizes). Only digits are accepted: no sign, no space, no
/// `0x`, and a value above `limit` is reported before it could overflow. The one parser
/// for these numbers on both sides (the embedded server's request reader, the client's
/// status line), because `Int(_:radix:)` accepts a leading `+` or `-`.
public enum HTTPNumber: Sendable {
    /// What a field held.
    public enum Parsed: Sendable, Equatable {
        case value(Int)
        /// Only digits, but more than the limit.
        case tooLarge
        /// Empty, or something other than a digit of the radix.
        case invalid
    }

    /// Parses `1*DIGIT` (radix 10) or `1*HEXDIG` (radix 16), at most `limit`.
    public static func parse<Bytes: Sequence>(_ bytes: Bytes, radix: Int, limit: Int = .max) -> Parsed
    where Bytes.Element == UInt8 {
        precondition(radix == 10 || radix == 16, "HTTP numbers are decimal or hexadecimal")
        var value = 0
        var digits = 0
        var overLimit = false
        for byte in bytes {
            guard let digit = digitValue(byte, radix: radix) else { return .invalid }
            digits += 1
            // value * radix + digit > limit, asked without overflowing.
            if overLimit || limit < digit || value > (limit - digit) / radix {
                overLimit = true
                continue
            }
            value = value * radix + digit
        }
        if digits == 0 { return .invalid }
        return overLimit ? .tooLarge : .value(value)
    }

    /// Parses text; see `parse(_:radix:limit:)`.
    public static func parse(_ text: some StringProtocol, radix: Int, limit: Int = .max) -> Parsed {
        parse(text.utf8, radix: radix, limit: limit)
    }

    /// The value, or nil when the text is not `1*DIGIT` within `limit`.
    public static func decimal(_ text: some StringProtocol, limit: Int = .max) -> Int? {
        if case .value(let v) = parse(text, radix: 10, limit: limit) { return v }
        return nil
    }

    private static func digitValue(_ byte: UInt8, radix: Int) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: return Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: return Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }
}
