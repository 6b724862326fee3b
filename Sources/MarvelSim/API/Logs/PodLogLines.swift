import Foundation
import MarvelCore

/// The log of one container instance, line by line: its startup lines
/// (written as it starts), then one steady line a second while it runs,
/// then — if it completed — its completion line. Every line's time comes
/// from the instance's start (and end) in the pod's status plus a fixed
/// sub-second offset, so the same pod always prints the same lines at the
/// same times, and `sinceTime`, `sinceSeconds` and `timestamps` are stable.
/// Like a kubelet's rotated log, only the last `retained` lines are kept.
struct PodLogLines {
    var profile: LogProfile
    var pod: String
    var container: String
    var ip: String
    /// When the instance started.
    var start: LogTime
    /// When it ended; nil while it runs.
    var end: LogTime?
    /// Whether it ended by completing (exit 0): then its last line is the completion line.
    var completed = false

    /// Seconds between steady lines, and between startup lines.
    static let interval = 1.0
    static let startupSpacing = 0.25
    /// Lines a container keeps (older ones are rotated away).
    static let retained = 10_000

    private var startupCount: Int { profile.startup.count }

    /// The time of line `index`.
    func time(_ index: Int) -> LogTime {
        if index < startupCount { return start.adding(seconds: Double(index) * Self.startupSpacing).adding(nanos: jitter(index)) }
        if completed, index == count(at: nil) - 1, let end { return end }
        let k = index - startupCount
        return start.adding(seconds: Double(k + 1) * Self.interval).adding(nanos: jitter(index))
    }

    /// A fixed offset under 0.2 s per line, so stamps look like a process's and stay in order.
    private func jitter(_ index: Int) -> Int64 {
        Int64(StableID.number("\(pod)/\(container)@\(index)", in: 0...199_999_999))
    }

    /// How many lines exist at `now` (nil: at the instance's end).
    func count(at now: LogTime?) -> Int {
        let until = [now, end].compactMap { $0 }.min() ?? start
        var steady = max(0, Int((until.nanos - start.nanos) / 1_000_000_000))
        while steady > 0 && start.adding(seconds: Double(steady) * Self.interval).adding(nanos: jitter(startupCount + steady - 1)) > until {
            steady -= 1
        }
        var finished = false
        if completed, let end { finished = now.map { $0 >= end } ?? true }
        return startupCount + steady + (finished ? 1 : 0)
    }

    /// The first line kept at `now`.
    func firstRetained(at now: LogTime?) -> Int { max(0, count(at: now) - Self.retained) }

    /// The first line at or after `time` among `range` (its upper bound when none).
    func firstIndex(atOrAfter time: LogTime, in range: Range<Int>) -> Int {
        var lo = range.lowerBound
        var hi = range.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if self.time(mid) < time { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Line `index` with its time.
    func line(_ index: Int) -> (time: LogTime, text: String) {
        let t = time(index)
        let template: String
        if index < startupCount {
            template = profile.startup[index]
        } else if completed, index == count(at: nil) - 1 {
            template = profile.completion
        } else {
            let k = index - startupCount
            template = profile.steady[StableID.number("\(pod)/\(container)#\(k)", in: 0...(profile.steady.count - 1))]
        }
        return (t, fill(template, index: index, time: t.date))
    }

    private func fill(_ template: String, index: Int, time: Date) -> String {
        var s = template
        let n = StableID.number("\(pod)/\(container)/n\(index)", in: 1...99)
        let v = StableID.hex("\(pod)/\(container)/v\(index)", count: 8)
        let replacements: [(String, String)] = [
            ("{pod}", pod), ("{ip}", ip.isEmpty ? "0.0.0.0" : ip), ("{n}", String(n)), ("{v}", v),
            ("{t}", Timestamp.format(time)), ("{s}", String(Int(time.timeIntervalSince1970))),
            ("{d}", Self.nginxDate(time)),
        ]
        for (key, value) in replacements where s.contains(key) {
            s = s.replacingOccurrences(of: key, with: value)
        }
        return s
    }

    private static func nginxDate(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy/MM/dd HH:mm:ss"
        return f.string(from: date)
    }
}
