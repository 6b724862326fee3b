import Foundation
import Synchronization

/// Answers computed once per key on a background queue, so the console's main
/// thread never waits for them: the first ask starts the computation and gets
/// `placeholder`, later asks get the result. A result older than `maxAge`
/// seconds is recomputed in the background while the old one is still shown.
/// The console uses it for placement previews and the Nodes pane's headroom.
public final class BackgroundCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var computedAt: Date
        var running: Bool
        /// Invalidated: recompute on the next ask whatever its age.
        var stale = false
    }

    private let entries = Mutex<[Key: Entry]>([:])
    private let queue: DispatchQueue
    /// What an ask gets while the first computation of its key runs.
    public let placeholder: Value
    /// Seconds a result is shown before it is recomputed (`.infinity`: never).
    public let maxAge: Double
    /// Keys remembered (the oldest go first).
    public let capacity: Int

    public init(label: String, placeholder: Value, maxAge: Double = .infinity, capacity: Int = 32) {
        queue = DispatchQueue(label: label, qos: .userInitiated)
        self.placeholder = placeholder
        self.maxAge = maxAge
        self.capacity = capacity
    }

    /// The answer for `key`, starting `compute` on the background queue when it is missing or old.
    public func value(for key: Key, compute: @escaping @Sendable () -> Value) -> Value {
        let now = Date()
        let (current, start) = entries.withLock { all -> (Value, Bool) in
            if var entry = all[key] {
                guard !entry.running, entry.stale || now.timeIntervalSince(entry.computedAt) > maxAge else { return (entry.value, false) }
                entry.running = true
                entry.stale = false
                all[key] = entry
                return (entry.value, true)
            }
            if all.count >= capacity, let oldest = all.min(by: { $0.value.computedAt < $1.value.computedAt })?.key {
                all[oldest] = nil
            }
            all[key] = Entry(value: placeholder, computedAt: now, running: true)
            return (placeholder, true)
        }
        if start {
            queue.async { [self] in
                let result = compute()
                entries.withLock { $0[key] = Entry(value: result, computedAt: Date(), running: false) }
            }
        }
        return current
    }

    /// Marks every finished result old, so the next ask recomputes it (after a node action).
    public func invalidate() {
        entries.withLock { all in
            for key in all.keys where all[key]?.running == false { all[key]?.stale = true }
        }
    }
}
