import Foundation

/// Reads typed fields out of one metrics object, tolerating ints written
/// as doubles and doubles written as ints; the codecs of every event use it.
struct MetricFields {
    let object: JSONObject

    func string(_ key: String) -> String? { object[key]?.stringValue }
    func int(_ key: String) -> Int? { object[key]?.intValue }
    func double(_ key: String) -> Double? { object[key]?.doubleValue }
    func bool(_ key: String) -> Bool? { object[key]?.boolValue }
    func ints(_ key: String) -> [Int]? {
        guard let items = object[key]?.arrayValue else { return nil }
        var out: [Int] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard let v = item.intValue else { return nil }
            out.append(v)
        }
        return out
    }
    func date(_ key: String) -> Date? { string(key).flatMap(MetricTime.parse) }
}

/// Builds one metrics object with the common `type`, `run` and `ts` members first.
struct MetricObjectBuilder {
    private(set) var object = JSONObject()

    init(type: String, run: String, ts: Date) {
        object["type"] = .string(type)
        object["run"] = .string(run)
        object["ts"] = .string(MetricTime.format(ts))
    }

    init() {}

    mutating func set(_ key: String, _ value: Int) { object[key] = .int(value) }
    mutating func set(_ key: String, _ value: Double) { object[key] = MetricObjectBuilder.number(value) }
    mutating func set(_ key: String, _ value: String) { object[key] = .string(value) }
    mutating func set(_ key: String, _ value: Bool) { object[key] = .bool(value) }
    mutating func set(_ key: String, _ value: [Int]) { object[key] = .array(value.map { .int($0) }) }
    mutating func set(_ key: String, _ value: JSONValue) { object[key] = value }
    mutating func setIfPresent(_ key: String, _ value: Double?) { if let value { set(key, value) } }
    mutating func setIfPresent(_ key: String, _ value: Int?) { if let value { set(key, value) } }
    mutating func setIfPresent(_ key: String, _ value: String?) { if let value { set(key, value) } }

    /// Non-finite numbers become null (JSON has no NaN).
    static func number(_ value: Double) -> JSONValue { value.isFinite ? .double(value) : .null }

    /// Copies members of `extra` whose keys are not already set.
    mutating func merge(_ extra: JSONObject) {
        for member in extra where object[member.key] == nil { object[member.key] = member.value }
    }
}

/// RFC 3339 UTC timestamps for metrics lines, with milliseconds when the
/// date has a fraction ("2026-05-01T10:00:00.250Z").
public enum MetricTime {
    /// The RFC 3339 text of a date in UTC, milliseconds only when non-zero.
    public static func format(_ date: Date) -> String {
        let ms = Int((date.timeIntervalSince1970 * 1000).rounded())
        let whole = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let fraction = ms - whole * 1000
        let base = Timestamp.format(Date(timeIntervalSince1970: Double(whole)))
        guard fraction != 0 else { return base }
        let digits = String(fraction)
        return String(base.dropLast()) + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// The date of an RFC 3339 text (any offset, any fraction), or nil;
    /// rounded to the millisecond, the precision `format` writes.
    public static func parse(_ text: String) -> Date? {
        guard let date = Timestamp.parse(text) else { return nil }
        return Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }
}
