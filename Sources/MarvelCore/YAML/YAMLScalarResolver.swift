/// YAML 1.1 scalar resolution as PyYAML's SafeLoader does it (so templates
/// read the same here as in Karvdash), plus `0o` octal from YAML 1.2.
/// Timestamps stay strings: JSON has no date type.
enum YAMLScalarResolver {
    /// What a plain scalar means before its value is computed.
    enum Kind: Equatable {
        case null, bool(Bool), int, float, merge, string
    }

    static func kind(ofPlain text: String) -> Kind {
        let b = Array(text.utf8)
        guard let first = b.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            if text == "~" || text == "null" || text == "Null" || text == "NULL" { return .null }
        case UInt8(ascii: "<"):
            if text == "<<" { return .merge }
        default:
            break
        }
        if let value = bool(text) { return .bool(value) }
        if isFloat(b) { return .float }
        if isInt(b) { return .int }
        return .string
    }

    static func bool(_ text: String) -> Bool? {
        switch text {
        case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": return true
        case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": return false
        default: return nil
        }
    }

    // MARK: - Recognisers (PyYAML's regular expressions, written out)

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private static func isSign(_ c: UInt8) -> Bool { c == UInt8(ascii: "+") || c == UInt8(ascii: "-") }
    private static let underscore = UInt8(ascii: "_")
    private static let colon = UInt8(ascii: ":")
    private static let dot = UInt8(ascii: ".")

    /// Consumes `[0-9_]*` (or with a different digit set) from `i`; returns the new index.
    private static func skip(_ b: [UInt8], _ i: Int, _ allowed: (UInt8) -> Bool) -> Int {
        var j = i
        while j < b.count, allowed(b[j]) || b[j] == underscore { j += 1 }
        return j
    }

    /// `(?::[0-5]?[0-9])+` starting at `i`; returns the index after it, or nil if absent.
    private static func sexagesimalTail(_ b: [UInt8], _ i: Int) -> Int? {
        var j = i
        var groups = 0
        while j < b.count, b[j] == colon {
            var k = j + 1
            guard k < b.count, isDigit(b[k]) else { break }
            if k + 1 < b.count, isDigit(b[k + 1]), b[k] <= UInt8(ascii: "5") { k += 2 } else { k += 1 }
            j = k
            groups += 1
        }
        return groups > 0 ? j : nil
    }

    static func isInt(_ b: [UInt8]) -> Bool {
        var i = 0
        if i < b.count, isSign(b[i]) { i += 1 }
        guard i < b.count, isDigit(b[i]) else { return false }
        let rest = b.count - i
        if b[i] == UInt8(ascii: "0"), rest >= 2 {
            let p = b[i + 1]
            if p == UInt8(ascii: "b") { return rest > 2 && skip(b, i + 2, { $0 == 0x30 || $0 == 0x31 }) == b.count }
            if p == UInt8(ascii: "x") {
                return rest > 2 && skip(b, i + 2, { isDigit($0) || (0x61...0x66).contains($0) || (0x41...0x46).contains($0) }) == b.count
            }
            if p == UInt8(ascii: "o") { return rest > 2 && skip(b, i + 2, { (0x30...0x37).contains($0) }) == b.count }
            return skip(b, i + 1, { (0x30...0x37).contains($0) }) == b.count
        }
        if b[i] == UInt8(ascii: "0") { return rest == 1 }
        let end = skip(b, i + 1, isDigit)
        if end == b.count { return true }
        return sexagesimalTail(b, end) == b.count
    }

    static func isFloat(_ b: [UInt8]) -> Bool {
        var i = 0
        let signed = !b.isEmpty && isSign(b[0])
        if signed { i = 1 }
        guard i < b.count else { return false }
        if b[i] == dot {
            let tail = String(decoding: b[(i + 1)...], as: UTF8.self)
            if tail == "inf" || tail == "Inf" || tail == "INF" { return true }
            if !signed, tail == "nan" || tail == "NaN" || tail == "NAN" { return true }
            if signed { return false }
            // \.[0-9_]+(?:[eE][-+][0-9]+)?  with at least one digit
            let end = skip(b, i + 1, isDigit)
            guard end > i + 1, b[(i + 1)..<end].contains(where: isDigit) else { return false }
            return exponent(b, end) == b.count
        }
        guard isDigit(b[i]) else { return false }
        let intEnd = skip(b, i + 1, isDigit)
        if intEnd < b.count, b[intEnd] == dot {
            // [0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?
            return exponent(b, skip(b, intEnd + 1, isDigit)) == b.count
        }
        // [0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
        guard let sexEnd = sexagesimalTail(b, intEnd), sexEnd < b.count, b[sexEnd] == dot else { return false }
        return skip(b, sexEnd + 1, isDigit) == b.count
    }

    /// Optional `[eE][-+][0-9]+` at `i`; returns the index after it (or `i` if absent, -1 if malformed).
    private static func exponent(_ b: [UInt8], _ i: Int) -> Int {
        guard i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") else { return i }
        guard i + 2 < b.count, isSign(b[i + 1]), isDigit(b[i + 2]) else { return -1 }
        var j = i + 2
        while j < b.count, isDigit(b[j]) { j += 1 }
        return j
    }
}
