import Foundation
import Synchronization

/// Placement previews computed once per query on a background queue: the
/// first ask starts the computation and answers `.pending`, later asks get the
/// result. A result older than `maxAge` seconds is recomputed in the background
/// while the old one is still shown, so a preview follows the cluster.
public final class PlacementPreviewCache: Sendable {
    private struct Entry {
        var preview: PlacementPreview
        var computedAt: Date
        var running: Bool
    }

    private let entries = Mutex<[PlacementQuery: Entry]>([:])
    private let queue = DispatchQueue(label: "marvdash.placement-preview", qos: .userInitiated)
    /// Seconds a result is shown before it is recomputed.
    public let maxAge: Double
    /// Queries remembered (the oldest go first).
    public let capacity: Int

    public init(maxAge: Double = 5, capacity: Int = 32) {
        self.maxAge = maxAge
        self.capacity = capacity
    }

    /// The preview for `query`, starting `compute` on the background queue when it is missing or old.
    public func preview(_ query: PlacementQuery, compute: @escaping @Sendable () -> PlacementPreview) -> PlacementPreview {
        let now = Date()
        let (current, start) = entries.withLock { all -> (PlacementPreview, Bool) in
            if var entry = all[query] {
                guard !entry.running, now.timeIntervalSince(entry.computedAt) > maxAge else { return (entry.preview, false) }
                entry.running = true
                all[query] = entry
                return (entry.preview, true)
            }
            if all.count >= capacity, let oldest = all.min(by: { $0.value.computedAt < $1.value.computedAt })?.key {
                all[oldest] = nil
            }
            all[query] = Entry(preview: .pending, computedAt: now, running: true)
            return (.pending, true)
        }
        if start {
            queue.async { [self] in
                let result = compute()
                entries.withLock { $0[query] = Entry(preview: result, computedAt: Date(), running: false) }
            }
        }
        return current
    }

    /// Forgets every result (after a node action, so previews see the change).
    public func invalidate() {
        entries.withLock { all in
            for key in all.keys where all[key]?.running == false { all[key]?.computedAt = .distantPast }
        }
    }
}
