import Foundation
import MarvelCore

/// `s` in the logs view: the lines written to a file, with what happened.
enum LogSaving {
    /// "./kafka-20261130-090807.log" (in the current directory).
    static func defaultPath(instance: String, now: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: now)
        func two(_ v: Int?) -> String { String(format: "%02d", v ?? 0) }
        return "./\(instance)-\(c.year ?? 0)\(two(c.month))\(two(c.day))-\(two(c.hour))\(two(c.minute))\(two(c.second)).log"
    }

    /// Writes `lines` (with their timestamps when `timestamps`) to `path` (relative to the
    /// current directory; `~/` is the home folder) and says where, or why not.
    static func save(_ lines: [LogLine], to path: String, timestamps: Bool) -> PaneFlash {
        let trimmed = path.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return PaneFlash("not saved: no file name given", isError: true) }
        let expanded = (trimmed as NSString).expandingTildeInPath
        let absolute = expanded.hasPrefix("/")
            ? expanded : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(expanded)
        let full = (absolute as NSString).standardizingPath
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), isDirectory.boolValue {
            return PaneFlash("not saved: \(full) is a folder — give a file name", isError: true)
        }
        let text = lines.map { $0.formatted(timestamps: timestamps) + "\n" }.joined()
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: full))
            return PaneFlash("wrote \(lines.count) line\(lines.count == 1 ? "" : "s") to \(full)")
        } catch {
            return PaneFlash("not saved: cannot write \(full): \(error.localizedDescription) — give another path (s)", isError: true)
        }
    }
}
