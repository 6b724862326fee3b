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
        Int64(Self.hash("\(pod)/\(container)@\(index)") % 200_000_000)
    }

    /// A quick 64-bit hash of `seed` (FNV-1a, then a finalizer), for per-line choices.
    static func hash(_ seed: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in seed.utf8 {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01b3
        }
        h ^= h >> 33
        h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
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
            template = profile.steady[Int(Self.hash("\(pod)/\(container)#\(k)") % UInt64(profile.steady.count))]
        }
        return (t, fill(template, index: index, time: t.date))
    }

    /// The template with `{pod}`, `{ip}`, `{n}`, `{v}`, `{t}`, `{s}` and `{d}` filled in.
    private func fill(_ template: String, index: Int, time: Date) -> String {
        guard template.contains("{") else { return template }
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let key = rest[rest.index(after: open)..<close]
            switch key {
            case "pod": out += pod
            case "ip": out += ip.isEmpty ? "0.0.0.0" : ip
            case "n": out += String(Self.hash("\(pod)/\(container)/n\(index)") % 99 + 1)
            case "v": out += String(Self.hash("\(pod)/\(container)/v\(index)") % 0xffff_ffff, radix: 16)
            case "t": out += Timestamp.format(time)
            case "s": out += String(Int(time.timeIntervalSince1970))
            case "d": out += Self.nginxDate(time)
            default:
                // Not a placeholder (JSON braces, `{{ip}`): keep the brace and look on after it.
                out += "{"
                rest = rest[rest.index(after: open)...]
                continue
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// `2026/11/19 08:26:40`, as nginx writes its own log times.
    private static func nginxDate(_ date: Date) -> String {
        let iso = Timestamp.format(date)  // 2026-11-19T08:26:40Z
        return iso.prefix(10).replacingOccurrences(of: "-", with: "/") + " " + iso.dropFirst(11).prefix(8)
    }
}
