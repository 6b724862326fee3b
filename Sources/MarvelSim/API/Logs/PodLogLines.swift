import Foundation
import MarvelCore

/// The log of one container, line by line: its startup lines, then one
/// steady line per second of running, then the completion line of a
/// finished container. The same pod always gets the same lines.
struct PodLogLines {
    var profile: LogProfile
    var pod: String
    var container: String
    var ip: String
    var start: Date

    /// Seconds between steady lines.
    static let interval = 1.0

    /// Line `index` with its time.
    func line(_ index: Int) -> (time: Date, text: String) {
        let time = start.addingTimeInterval(Double(index) * (index < profile.startup.count ? 0.25 : Self.interval))
        let template: String
        if index < profile.startup.count {
            template = profile.startup[index]
        } else {
            let k = index - profile.startup.count
            template = profile.steady[StableID.number("\(pod)/\(container)#\(k)", in: 0...(profile.steady.count - 1))]
        }
        return (time, fill(template, index: index, time: time))
    }

    /// The completion line, timed after `count` lines.
    func completion(after count: Int) -> (time: Date, text: String) {
        let time = start.addingTimeInterval(Double(count) * 0.25)
        return (time, fill(profile.completion, index: count, time: time))
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

    /// RFC 3339 with nanoseconds, as `kubectl logs --timestamps` shows.
    static func stamp(_ date: Date) -> String {
        let whole = Timestamp.format(date)
        let nanos = Int((date.timeIntervalSince1970 - floor(date.timeIntervalSince1970)) * 1e9)
        return whole.dropLast() + "." + String(format: "%09d", nanos) + "Z"
    }
}
