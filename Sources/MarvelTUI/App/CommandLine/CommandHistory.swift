import Foundation

/// The `:` commands run before, oldest first, bounded; browsed with ↑/↓ and
/// kept across runs in a file (`$XDG_STATE_HOME/marvdash/history`, else
/// `~/.local/state/marvdash/history`), one command a line.
public struct CommandHistory: Sendable {
    /// Commands kept (the file is trimmed to this many when it grows past twice as many).
    public static let capacity = 500

    public private(set) var entries: [String]
    /// Where the history is kept; nil keeps it in memory only.
    public let path: String?

    /// The history read from `path` (a missing file is an empty history).
    public init(path: String?) {
        self.path = path
        guard let path, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            entries = []
            return
        }
        entries = Array(text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init).suffix(Self.capacity))
    }

    /// The file of the history for `environment`, or nil without XDG_STATE_HOME and HOME.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/marvdash/history" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/state/marvdash/history" }
        return nil
    }

    /// Adds a command run just now (not a repeat of the last one) and appends it to the
    /// file; returns why the file could not be written, if it could not.
    @discardableResult
    public mutating func add(_ command: String) -> String? {
        let line = command.trimmingCharacters(in: .whitespaces)
        guard !line.isEmpty, !line.contains("\n"), entries.last != line else { return nil }
        entries.append(line)
        let trimmed = entries.count > Self.capacity
        if trimmed { entries.removeFirst(entries.count - Self.capacity) }
        return save(appending: line)
    }

    private func save(appending line: String) -> String? {
        guard let path else { return nil }
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            let lines = existing.split(separator: "\n").count
            if lines + 1 > 2 * Self.capacity || !FileManager.default.fileExists(atPath: path) {
                // Rewrite: the file starts, or it grew past twice the capacity.
                try (entries.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
                _ = chmod(path, 0o600)
            } else {
                guard let handle = FileHandle(forWritingAtPath: path) else { return "cannot open \(path) for writing" }
                defer { try? handle.close() }
                try handle.seekToEnd()
                try handle.write(contentsOf: Data((line + "\n").utf8))
            }
            return nil
        } catch {
            return "cannot save the command history to \(path): \(error.localizedDescription)"
        }
    }
}
