/// Values of the numbers the resolver recognised, computed as PyYAML's
/// constructors do (underscores ignored, base 60 for `a:b:c`).
extension YAMLScalarResolver {
    /// The value of an integer in any YAML 1.1 form (also `0o`); `value` is
    /// nil when the text is not an integer or does not fit in Int
    /// (`outOfRange` tells which).
    static func intValue(_ text: String) -> (value: Int?, outOfRange: Bool) {
        var digits = Array(text.utf8.filter { $0 != UInt8(ascii: "_") })
        var negative = false
        if let f = digits.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") {
            negative = f == UInt8(ascii: "-")
            digits.removeFirst()
        }
        let zero = UInt8(ascii: "0")
        let parsed: (UInt64, overflow: Bool)?
        if digits.count > 2, digits[0] == zero, let radix = prefixRadix(digits[1]) {
            parsed = magnitude(digits[2...], radix: radix)
        } else if digits.contains(UInt8(ascii: ":")) {
            parsed = sexagesimal(digits)
        } else if digits.count > 1, digits[0] == zero {
            parsed = magnitude(digits[1...], radix: 8)
        } else {
            parsed = magnitude(digits[...], radix: 10)
        }
        guard let (m, overflow) = parsed else { return (nil, false) }
        if overflow { return (nil, true) }
        if negative {
            if m == UInt64(Int.max) + 1 { return (Int.min, false) }
            return m <= UInt64(Int.max) ? (-Int(m), false) : (nil, true)
        }
        return m <= UInt64(Int.max) ? (Int(m), false) : (nil, true)
    }

    private static func prefixRadix(_ c: UInt8) -> UInt64? {
        switch c {
        case UInt8(ascii: "b"): return 2
        case UInt8(ascii: "o"): return 8
        case UInt8(ascii: "x"): return 16
        default: return nil
        }
    }

    /// Unsigned value of digits in `radix`; nil for an empty slice or a bad digit.
    private static func magnitude(_ digits: ArraySlice<UInt8>, radix: UInt64) -> (UInt64, overflow: Bool)? {
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        var overflow = false
        for c in digits {
            let d: UInt64
            switch c {
            case 0x30...0x39: d = UInt64(c - 0x30)
            case 0x61...0x66: d = UInt64(c - 0x61 + 10)
            case 0x41...0x46: d = UInt64(c - 0x41 + 10)
            default: return nil
            }
            guard d < radix else { return nil }
            let (shifted, o1) = value.multipliedReportingOverflow(by: radix)
            let (sum, o2) = shifted.addingReportingOverflow(d)
            overflow = overflow || o1 || o2
            value = sum
        }
        return (value, overflow)
    }

    /// `190:20:30` = ((190 × 60) + 20) × 60 + 30.
    private static func sexagesimal(_ digits: [UInt8]) -> (UInt64, overflow: Bool)? {
        var value: UInt64 = 0
        var overflow = false
        for group in digits.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false) {
            guard let (part, o) = magnitude(group, radix: 10) else { return nil }
            let (shifted, o1) = value.multipliedReportingOverflow(by: 60)
            let (sum, o2) = shifted.addingReportingOverflow(part)
            overflow = overflow || o || o1 || o2
            value = sum
        }
        return (value, overflow)
    }

    /// The value of a float in PyYAML's forms (also plain decimals, for `!!float 1`).
    static func floatValue(_ text: String) -> Double? {
        var s = String(text.unicodeScalars.filter { $0 != "_" }).lowercased()
        var negative = false
        if s.hasPrefix("-") || s.hasPrefix("+") {
            negative = s.hasPrefix("-")
            s.removeFirst()
        }
        let sign: Double = negative ? -1 : 1
        if s == ".inf" { return sign * .infinity }
        if s == ".nan" { return .nan }
        guard !s.isEmpty, s.unicodeScalars.allSatisfy({ "0123456789.e+-:".unicodeScalars.contains($0) }) else { return nil }
        var value = 0.0
        for part in s.split(separator: ":", omittingEmptySubsequences: false) {
            guard let p = decimal(part) else { return nil }
            value = value * 60 + p
        }
        return sign * value
    }

    /// Parses an unsigned decimal with optional fraction and exponent ("1.", ".5", "1.e+3").
    private static func decimal(_ s: Substring) -> Double? {
        var mantissa = s
        var exponent = ""
        if let e = s.firstIndex(of: "e") {
            mantissa = s[..<e]
            exponent = String(s[s.index(after: e)...])
            guard !exponent.isEmpty else { return nil }
        }
        guard mantissa.contains(where: \.isASCIIDigit) else { return nil }
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0].isEmpty ? "0" : String(parts[0])
        let fraction = parts.count == 2 ? (parts[1].isEmpty ? "0" : String(parts[1])) : "0"
        guard whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit) else { return nil }
        return Double(whole + "." + fraction + (exponent.isEmpty ? "" : "e" + exponent))
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
