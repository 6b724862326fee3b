/// A Kubernetes resource quantity ("100m", "16Gi", "1e3", "487558164n"), held
/// exactly as a whole number of nano-units so cpu and memory sums never drift.
public struct Quantity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The amount in units of 10⁻⁹ (nano-cores for cpu, nano-bytes for memory).
    public var nanos: Int128

    public static let zero = Quantity(nanos: 0)

    public init(nanos: Int128) { self.nanos = nanos }
    /// A quantity of `milli` thousandths (e.g. millicores).
    public init(milli: Int64) { self.nanos = Int128(milli) * 1_000_000 }
    /// A quantity of whole units (cores, bytes, GPUs, pods).
    public init(value: Int64) { self.nanos = Int128(value) * 1_000_000_000 }

    /// Parses the Kubernetes quantity syntax: a signed decimal number followed by
    /// a binary suffix (Ki Mi Gi Ti Pi Ei), a decimal suffix (n u m k M G T P E)
    /// or an exponent (e3, E-2). Precision finer than a nano-unit rounds up.
    public init(parsing text: String) throws(QuantityError) {
        self = try QuantityParser.parse(text)
    }

    /// The value in thousandths, rounded up as Kubernetes' MilliValue does.
    public var milliValue: Int64 { Int64(clamping: Self.ceilDiv(nanos, 1_000_000)) }
    /// The value in whole units, rounded up as Kubernetes' Value does.
    public var value: Int64 { Int64(clamping: Self.ceilDiv(nanos, 1_000_000_000)) }
    /// The value in units as a floating-point number (for percentages and charts).
    public var doubleValue: Double { nanosAsDouble / 1e9 }
    /// `nanos` as a Double, rounded to nearest. Int128 → Double takes a slow generic
    /// path, so values that fit in Int64 (every real resource) convert from there.
    public var nanosAsDouble: Double {
        if let small = Int64(exactly: nanos) { return Double(small) }
        return Double(nanos)
    }
    public var isZero: Bool { nanos == 0 }

    /// The canonical text: whole units when exact, else milli- or nano-units ("2", "250m", "5n").
    public var description: String {
        if nanos % 1_000_000_000 == 0 { return String(nanos / 1_000_000_000) }
        if nanos % 1_000_000 == 0 { return "\(nanos / 1_000_000)m" }
        return "\(nanos)n"
    }

    /// CPU for display: "0", "250m" below one core, else cores with at most one decimal ("3.5", "46").
    public var cpuDisplay: String {
        if nanos < 0 { return "-" + Quantity(nanos: -nanos).cpuDisplay }
        if nanos == 0 { return "0" }
        if nanos < 1_000_000_000 { return "\(milliValue)m" }
        return Self.oneDecimal(doubleValue)
    }

    /// Bytes for display with binary units and at most one decimal ("15.6Gi", "512Mi", "900").
    public var bytesDisplay: String {
        if nanos < 0 { return "-" + Quantity(nanos: -nanos).bytesDisplay }
        let bytes = doubleValue
        let units = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
        var scaled = bytes
        var unit = ""
        for u in units where scaled >= 1024 {
            scaled /= 1024
            unit = u
        }
        if unit.isEmpty { return String(value) }
        // 1023.96Mi would print as "1024.0Mi": move up a unit instead.
        if (scaled * 10).rounded() >= 10240, let next = units.firstIndex(of: unit).map({ $0 + 1 }), next < units.count {
            return Self.oneDecimal(scaled / 1024) + units[next]
        }
        return Self.oneDecimal(scaled) + unit
    }

    /// Formats with at most one decimal, trimming ".0" ("3.5", "46").
    static func oneDecimal(_ x: Double) -> String {
        let tenths = (x * 10).rounded()
        if tenths.truncatingRemainder(dividingBy: 10) == 0 { return String(Int64(tenths / 10)) }
        let whole = Int64(tenths / 10)
        let frac = Int64(abs(tenths)) % 10
        return "\(whole).\(frac)"
    }

    static func ceilDiv(_ a: Int128, _ b: Int128) -> Int128 {
        let q = a / b
        return (a % b != 0 && a > 0) ? q + 1 : q
    }

    public static func < (a: Quantity, b: Quantity) -> Bool { a.nanos < b.nanos }
    public static func + (a: Quantity, b: Quantity) -> Quantity { Quantity(nanos: a.nanos + b.nanos) }
    public static func - (a: Quantity, b: Quantity) -> Quantity { Quantity(nanos: a.nanos - b.nanos) }
    public static func += (a: inout Quantity, b: Quantity) { a.nanos += b.nanos }
}

/// A quantity string that does not follow the Kubernetes syntax.
public struct QuantityError: Error, Sendable, Equatable, CustomStringConvertible {
    public var text: String
    public var reason: String
    public var description: String {
        "invalid quantity '\(text)': \(reason) (expected e.g. 100m, 2, 1.5, 512Mi, 16Gi, 1e3)"
    }
}

/// The quantity grammar: sign, digits, optional fraction, optional suffix.
enum QuantityParser {
    /// Largest magnitude accepted, in nano-units (about 10²⁷ units: far beyond any resource).
    static let limit: Int128 = Int128(1) << 120

    static func parse(_ text: String) throws(QuantityError) -> Quantity {
        let chars = Array(text.utf8)
        func fail(_ reason: String) -> QuantityError { QuantityError(text: text, reason: reason) }
        if chars.isEmpty { throw fail("empty") }
        var i = 0
        var negative = false
        if chars[i] == UInt8(ascii: "+") || chars[i] == UInt8(ascii: "-") {
            negative = chars[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: Int128 = 0
        var fractionDigits = 0
        var digits = 0
        var seenDot = false
        while i < chars.count {
            let c = chars[i]
            if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                if mantissa < limit {
                    mantissa = mantissa * 10 + Int128(c - UInt8(ascii: "0"))
                    if seenDot { fractionDigits += 1 }
                } else if !seenDot {
                    throw fail("number too large")
                }  // extra fraction digits beyond precision are dropped (then rounded up below)
                digits += 1
            } else if c == UInt8(ascii: ".") && !seenDot {
                seenDot = true
            } else {
                break
            }
            i += 1
        }
        if digits == 0 { throw fail("no digits") }
        let suffix = String(decoding: chars[i...], as: UTF8.self)
        // Value = mantissa * 10^(exp10 - fractionDigits) * 2^(exp2) in units; we want nanos.
        var exp10 = 9 - fractionDigits
        var exp2 = 0
        switch suffix {
        case "": break
        case "n": exp10 -= 9
        case "u": exp10 -= 6
        case "m": exp10 -= 3
        case "k": exp10 += 3
        case "M": exp10 += 6
        case "G": exp10 += 9
        case "T": exp10 += 12
        case "P": exp10 += 15
        case "E": exp10 += 18
        case "Ki": exp2 = 10
        case "Mi": exp2 = 20
        case "Gi": exp2 = 30
        case "Ti": exp2 = 40
        case "Pi": exp2 = 50
        case "Ei": exp2 = 60
        default:
            guard let first = suffix.first, first == "e" || first == "E",
                let e = Int(suffix.dropFirst()), suffix.count >= 2
            else { throw fail("unknown suffix '\(suffix)'") }
            guard abs(e) <= 40 else { throw fail("exponent out of range") }
            exp10 += e
        }
        var value = mantissa
        for _ in 0..<exp2 {
            value *= 2
            if value > limit { throw fail("number too large") }
        }
        if exp10 >= 0 {
            for _ in 0..<exp10 {
                value *= 10
                if value > limit { throw fail("number too large") }
            }
        } else {
            var divisor: Int128 = 1
            for _ in 0..<(-exp10) {
                divisor *= 10
                if divisor > limit { divisor = limit; break }
            }
            value = Quantity.ceilDiv(value, divisor)
        }
        return Quantity(nanos: negative ? -value : value)
    }
}
