import Foundation

/// A short elapsed time for messages: "12 s", "2 min", "3 h", "2 d".
enum ElapsedText {
    static func of(_ seconds: TimeInterval) -> String {
        guard seconds.isFinite else { return "?" }
        let s = max(0, Int(seconds.rounded(.down)))
        if s < 120 { return "\(s) s" }
        if s < 2 * 3600 { return "\(s / 60) min" }
        if s < 2 * 86400 { return "\(s / 3600) h" }
        return "\(s / 86400) d"
    }
}
