import Foundation

/// How the CLI and the Images pane write image facts: sizes in decimal units
/// as `docker images` does ("183 MB"), short digests ("sha256:3f2a9c1d8e7b"),
/// dates as days ("2024-02-01"), size ranges for indexes ("150–183 MB").
public enum ImageText {
    /// "950 B", "12.3 kB", "183 MB", "1.24 GB".
    public static func size(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let digits = value >= 100 ? 0 : (value >= 10 ? 1 : 2)
        return String(format: "%.\(digits)f %@", value, units[unit])
    }

    /// One size, or "low–high" with the unit of the larger.
    public static func size(_ range: ClosedRange<Int64>?) -> String {
        guard let range else { return "-" }
        if range.lowerBound == range.upperBound { return size(range.lowerBound) }
        let high = size(range.upperBound)
        let unit = high.split(separator: " ").last.map(String.init) ?? ""
        let low = size(range.lowerBound)
        if low.hasSuffix(" " + unit) { return low.dropLast(unit.count + 1) + "–" + high }
        return low + "–" + high
    }

    /// "sha256:" and the first 12 hex digits.
    public static func shortDigest(_ digest: String) -> String {
        guard let colon = digest.firstIndex(of: ":") else { return digest }
        return String(digest[...colon]) + digest[digest.index(after: colon)...].prefix(12)
    }

    /// "2024-02-01" in UTC, "-" when unknown.
    public static func day(_ date: Date?) -> String {
        guard let date else { return "-" }
        return String(Timestamp.format(date).prefix(10))
    }

    /// "1.0, latest" (at most `limit` tags, then "+N").
    public static func tags(_ tags: [String], limit: Int = 4) -> String {
        if tags.count <= limit { return tags.joined(separator: ", ") }
        return tags.prefix(limit).joined(separator: ", ") + " +\(tags.count - limit)"
    }
}
