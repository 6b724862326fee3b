import Foundation
import Synchronization

/// One training pod's log: the lines its in-process trainer printed, each with its
/// time, and whether the trainer has ended. Writers append; readers copy lines out
/// and can wait for more (follow).
public final class TrainerLog: Sendable {
    private struct State {
        var lines: [(time: Date, text: String)] = []
        var ended = false
    }

    private let state = Mutex(State())
    private let changed = NSCondition()

    public init() {}

    /// Appends one line (its time is now).
    public func append(_ text: String) {
        state.withLock { $0.lines.append((Date(), text)) }
        signal()
    }

    /// Marks the log complete: no line follows.
    public func end() {
        state.withLock { $0.ended = true }
        signal()
    }

    /// Lines from `index` on, and whether the log has ended.
    public func lines(from index: Int = 0) -> (lines: [(time: Date, text: String)], ended: Bool) {
        state.withLock { s in (Array(s.lines.dropFirst(max(0, index))), s.ended) }
    }

    public var count: Int { state.withLock { $0.lines.count } }
    public var hasEnded: Bool { state.withLock { $0.ended } }

    /// Waits until there are more than `count` lines or the log ends, or until `deadline`.
    /// Returns whether something changed.
    @discardableResult
    public func wait(beyond count: Int, until deadline: Date) -> Bool {
        changed.lock()
        defer { changed.unlock() }
        while true {
            let (n, ended) = state.withLock { ($0.lines.count, $0.ended) }
            if n > count || ended { return true }
            if !changed.wait(until: deadline) { return false }
        }
    }

    private func signal() {
        changed.lock()
        changed.broadcast()
        changed.unlock()
    }
}
