import Foundation

/// How a chart writes the numbers of an axis.
public enum ChartNumberFormat: Sendable, Equatable {
    /// A plain number, with decimals only when the range needs them ("128", "0.25").
    case number
    /// A percentage of a value already in percent ("23%", "9.5%").
    case percent
    /// Bytes, labelled with binary units ("512KiB", "48MiB", "1.5GiB").
    case bytes

    /// The label of `value`, given the axis span (max − min) for precision.
    public func label(_ value: Double, span: Double) -> String {
        switch self {
        case .number: return Self.plain(value, span: span)
        case .percent: return Self.plain(value, span: span) + "%"
        case .bytes:
            let short = Self.bytes(value)
            return short.hasSuffix("B") ? short : short + "iB"
        }
    }

    static func plain(_ value: Double, span: Double) -> String {
        guard value.isFinite else { return "?" }
        let magnitude = abs(value)
        if magnitude >= 1e9 { return trimmed(value / 1e9, digits: 1) + "G" }
        if magnitude >= 1e6 { return trimmed(value / 1e6, digits: 1) + "M" }
        if magnitude >= 1e4 { return trimmed(value / 1e3, digits: 1) + "k" }
        let digits = span >= 10 || span == 0 && value == value.rounded() ? 0 : span >= 1 ? 1 : span >= 0.1 ? 2 : 3
        return trimmed(value, digits: digits)
    }

    /// Bytes with one-letter binary units, for tables ("512K", "48M", "1.5G").
    static func bytes(_ value: Double) -> String {
        guard value.isFinite else { return "?" }
        let units = ["B", "K", "M", "G", "T"]
        var v = value
        var i = 0
        while abs(v) >= 1024 && i < units.count - 1 {
            v /= 1024
            i += 1
        }
        return trimmed(v, digits: abs(v) < 10 && i > 0 ? 1 : 0) + units[i]
    }

    static func trimmed(_ value: Double, digits: Int) -> String {
        var text = String(format: "%.\(digits)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }
}
