import Foundation

/// A log line's RFC 3339 timestamp to the nanosecond, comparable exactly
/// (the kubelet writes `2024-05-01T10:00:00.123456789Z`, trailing zeros trimmed).
public struct LogTimestamp: Sendable, Hashable, Comparable {
    public var seconds: Int64
    public var nanoseconds: Int32

    /// nil when `text` is not an RFC 3339 timestamp.
    public init?(_ text: String) {
        var base = text
        var nanos: Int32 = 0
        if let dot = text.firstIndex(of: ".") {
            let digits = text[text.index(after: dot)...].prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { return nil }
            let nine = String(digits.prefix(9)) + String(repeating: "0", count: max(0, 9 - digits.count))
            nanos = Int32(nine) ?? 0
            base = String(text[..<dot]) + String(text[text.index(after: dot)...].dropFirst(digits.count))
        }
        guard let date = Timestamp.parse(base) else { return nil }
        seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        nanoseconds = nanos
    }

    /// The whole second, as `sinceTime` takes it ("2024-05-01T10:00:00Z").
    public var sinceTime: String { Timestamp.format(Date(timeIntervalSince1970: Double(seconds))) }

    public static func < (a: LogTimestamp, b: LogTimestamp) -> Bool {
        (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds)
    }
}
