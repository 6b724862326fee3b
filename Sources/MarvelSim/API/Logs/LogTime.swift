import Foundation
import MarvelCore

/// A log line's time in whole nanoseconds since the epoch, so stamps are
/// exact and the same every run; printed as the kubelet prints them
/// (RFC 3339 with nanoseconds, trailing zeros dropped, as Go's RFC3339Nano).
struct LogTime: Sendable, Comparable, Hashable {
    var nanos: Int64

    init(nanos: Int64) { self.nanos = nanos }

    init(_ date: Date) { nanos = Int64((date.timeIntervalSince1970 * 1e9).rounded(.down)) }

    static func < (a: LogTime, b: LogTime) -> Bool { a.nanos < b.nanos }

    func adding(seconds: Double) -> LogTime { LogTime(nanos: nanos + Int64(seconds * 1e9)) }
    func adding(nanos n: Int64) -> LogTime { LogTime(nanos: nanos + n) }

    var date: Date { Date(timeIntervalSince1970: Double(nanos) / 1e9) }

    /// `2026-11-19T08:26:44.25Z`, `2026-11-19T08:26:45.031415926Z`.
    var stamp: String {
        let seconds = nanos >= 0 ? nanos / 1_000_000_000 : (nanos - 999_999_999) / 1_000_000_000
        let fraction = nanos - seconds * 1_000_000_000
        let whole = Timestamp.format(Date(timeIntervalSince1970: Double(seconds)))
        guard fraction > 0 else { return whole }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 9 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return whole.dropLast() + "." + digits + "Z"
    }
}
