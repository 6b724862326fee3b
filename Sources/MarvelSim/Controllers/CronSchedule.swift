import Foundation

/// A CronJob's `schedule` in the standard five fields (minute, hour, day of
/// month, month, day of week: `*`, lists, ranges, steps, `JAN`–`DEC`,
/// `SUN`–`SAT`, `?`), or a macro (`@yearly`/`@annually`, `@monthly`,
/// `@weekly`, `@daily`/`@midnight`, `@hourly`, `@every 1h30m`), read as the
/// Kubernetes CronJob controller reads it, in a time zone.
struct CronSchedule: Sendable, Equatable {
    /// Why a schedule text is not one.
    struct ParseError: Error, Equatable, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private enum Kind: Equatable {
        case fields(minutes: Set<Int>, hours: Set<Int>, days: Set<Int>, months: Set<Int>, weekdays: Set<Int>, anyDay: Bool, anyWeekday: Bool)
        case every(seconds: Int)
    }

    private var kind: Kind
    var timeZone: TimeZone

    init(_ text: String, timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current) throws(ParseError) {
        self.timeZone = timeZone
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("TZ=") || trimmed.hasPrefix("CRON_TZ=") {
            throw ParseError(message: "cannot use TZ or CRON_TZ in schedule, use timeZone field instead")
        }
        if trimmed.hasPrefix("@") {
            kind = try Self.macro(trimmed)
            return
        }
        let fields = trimmed.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard fields.count == 5 else {
            throw ParseError(message: "expected exactly 5 fields, found \(fields.count): \(trimmed)")
        }
        let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        let days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
        kind = .fields(
            minutes: try Self.field(fields[0], 0...59, names: []),
            hours: try Self.field(fields[1], 0...23, names: []),
            days: try Self.field(fields[2], 1...31, names: []),
            months: try Self.field(fields[3], 1...12, names: months, firstName: 1),
            weekdays: try Self.field(fields[4], 0...6, names: days, firstName: 0),
            anyDay: fields[2].hasPrefix("*") || fields[2].hasPrefix("?"),
            anyWeekday: fields[4].hasPrefix("*") || fields[4].hasPrefix("?"))
    }

    private static func macro(_ text: String) throws(ParseError) -> Kind {
        let allHours = Set(0...23), allDays = Set(1...31), allMonths = Set(1...12), allWeek = Set(0...6)
        switch text.lowercased() {
        case "@yearly", "@annually":
            return .fields(minutes: [0], hours: [0], days: [1], months: [1], weekdays: allWeek, anyDay: false, anyWeekday: true)
        case "@monthly":
            return .fields(minutes: [0], hours: [0], days: [1], months: allMonths, weekdays: allWeek, anyDay: false, anyWeekday: true)
        case "@weekly":
            return .fields(minutes: [0], hours: [0], days: allDays, months: allMonths, weekdays: [0], anyDay: true, anyWeekday: false)
        case "@daily", "@midnight":
            return .fields(minutes: [0], hours: [0], days: allDays, months: allMonths, weekdays: allWeek, anyDay: true, anyWeekday: true)
        case "@hourly":
            return .fields(minutes: [0], hours: allHours, days: allDays, months: allMonths, weekdays: allWeek, anyDay: true, anyWeekday: true)
        default:
            if text.lowercased().hasPrefix("@every ") {
                let seconds = try duration(String(text.dropFirst("@every ".count)))
                return .every(seconds: seconds)
            }
            throw ParseError(message: "unrecognized descriptor: \(text)")
        }
    }

    /// A Go duration of whole seconds (`1h30m`, `90s`), at least one second.
    private static func duration(_ text: String) throws(ParseError) -> Int {
        var total = 0.0
        var number = ""
        var sawUnit = false
        for c in text.trimmingCharacters(in: .whitespaces) {
            if c.isNumber || c == "." {
                number.append(c)
                continue
            }
            guard let n = Double(number) else { throw ParseError(message: "failed to parse duration \(text)") }
            switch c {
            case "h": total += n * 3600
            case "m": total += n * 60
            case "s": total += n
            default: throw ParseError(message: "failed to parse duration \(text): unknown unit \(c)")
            }
            number = ""
            sawUnit = true
        }
        guard sawUnit, number.isEmpty, total >= 1 else { throw ParseError(message: "failed to parse duration \(text)") }
        return Int(total)
    }

    /// One field: comma-separated `*`, `?`, `N`, `A-B`, each with an optional `/STEP`.
    private static func field(_ text: String, _ bounds: ClosedRange<Int>, names: [String], firstName: Int = 0) throws(ParseError) -> Set<Int> {
        var out: Set<Int> = []
        func value(_ s: String) throws(ParseError) -> Int {
            if let i = names.firstIndex(of: s.uppercased()) { return i + firstName }
            guard let n = Int(s) else { throw ParseError(message: "failed to parse int from \(s): invalid syntax") }
            return n
        }
        for part in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard pieces.count <= 2, !pieces[0].isEmpty else { throw ParseError(message: "failed to parse \(part): too many slashes") }
            var start: Int
            var end: Int
            if pieces[0] == "*" || pieces[0] == "?" {
                start = bounds.lowerBound
                end = bounds.upperBound
            } else {
                let range = pieces[0].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
                guard range.count <= 2 else { throw ParseError(message: "too many hyphens: \(part)") }
                start = try value(range[0])
                end = range.count == 2 ? try value(range[1]) : start
                if range.count == 1 && pieces.count == 2 { end = bounds.upperBound }
            }
            var step = 1
            if pieces.count == 2 {
                guard let s = Int(pieces[1]), s > 0 else { throw ParseError(message: "failed to parse int from \(pieces[1]): invalid syntax") }
                step = s
            }
            guard start >= bounds.lowerBound else {
                throw ParseError(message: "beginning of range (\(start)) below minimum (\(bounds.lowerBound)): \(part)")
            }
            guard end <= bounds.upperBound else {
                throw ParseError(message: "end of range (\(end)) above maximum (\(bounds.upperBound)): \(part)")
            }
            guard start <= end else { throw ParseError(message: "beginning of range (\(start)) beyond end of range (\(end)): \(part)") }
            out.formUnion(stride(from: start, through: end, by: step))
        }
        return out
    }

    /// The first scheduled time strictly after `date` (whole minutes), nil when none comes within five years.
    func next(after date: Date) -> Date? {
        switch kind {
        case .every(let seconds):
            return Date(timeIntervalSince1970: floor(date.timeIntervalSince1970) + Double(seconds))
        case .fields(let minutes, let hours, let days, let months, let weekdays, let anyDay, let anyWeekday):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            var t = Date(timeIntervalSince1970: (floor(date.timeIntervalSince1970 / 60) + 1) * 60)
            let limit = date.addingTimeInterval(5 * 366 * 86_400)
            while t <= limit {
                let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: t)
                guard let month = c.month, let day = c.day, let hour = c.hour, let minute = c.minute, let weekday = c.weekday
                else { return nil }
                if !months.contains(month) {
                    guard let first = calendar.date(from: DateComponents(year: c.year, month: month, day: 1)),
                        let nextMonth = calendar.date(byAdding: .month, value: 1, to: first)
                    else { return nil }
                    t = nextMonth
                    continue
                }
                let domMatch = days.contains(day)
                let dowMatch = weekdays.contains(weekday - 1)
                let dayMatch = anyDay || anyWeekday ? domMatch && dowMatch : domMatch || dowMatch
                if !dayMatch {
                    guard let next = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: t)) else { return nil }
                    t = next
                    continue
                }
                if !hours.contains(hour) {
                    t = t.addingTimeInterval(Double(60 - minute) * 60)  // the next hour of local time
                    continue
                }
                if !minutes.contains(minute) {
                    t = t.addingTimeInterval(60)
                    continue
                }
                return t
            }
            return nil
        }
    }
}
