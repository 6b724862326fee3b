import Foundation

/// Everything known about one training run: its configuration, epochs (or
/// federated rounds) in order, and how it ended. Built by applying events.
public struct RunHistory: Sendable, Equatable {
    /// Where a run stands.
    public enum Status: Sendable, Equatable {
        /// Events have arrived and no `run.end` yet.
        case running
        /// `run.end` arrived with this status text.
        case ended(String)
    }

    public var run: String
    public var start: RunStart?
    /// DynHP epochs sorted by epoch number; a re-sent epoch replaces the old one.
    public private(set) var epochs: [DynHPEpoch] = []
    /// Federated rounds sorted by round number; a re-sent round replaces the old one.
    public private(set) var rounds: [FedLRound] = []
    public var end: RunEnd?
    /// Time of the newest event applied.
    public private(set) var updated: Date?

    public init(run: String) { self.run = run }

    public var status: Status { end.map { .ended($0.status) } ?? .running }

    /// The newest epoch, if any.
    public var latest: DynHPEpoch? { epochs.last }

    /// The planned number of epochs (or rounds), from the newest event or the configuration.
    public var plannedEpochs: Int? { epochs.last?.epochs ?? rounds.last?.rounds ?? start?.epochs }

    /// The training mode from the configuration, "fedl" for runs with rounds, else "dynhp".
    public var mode: String { start?.mode ?? (rounds.isEmpty ? "dynhp" : "fedl") }

    /// Applies one event of this run (events of other runs are ignored).
    /// A new `run.start` after a `run.end` (a resumed run) makes it running again.
    public mutating func apply(_ event: MetricEvent) {
        guard event.run == run else { return }
        switch event {
        case .runStart(let s):
            start = s
            end = nil
        case .dynhpEpoch(let e):
            RunHistory.insert(e, into: &epochs, key: \.epoch)
        case .fedlRound(let r):
            RunHistory.insert(r, into: &rounds, key: \.round)
        case .runEnd(let e):
            end = e
        }
        if updated.map({ event.ts > $0 }) ?? true { updated = event.ts }
    }

    private static func insert<T>(_ item: T, into list: inout [T], key: KeyPath<T, Int>) {
        let k = item[keyPath: key]
        if let last = list.last, last[keyPath: key] < k {
            list.append(item)
            return
        }
        if let i = list.firstIndex(where: { $0[keyPath: key] >= k }) {
            if list[i][keyPath: key] == k { list[i] = item } else { list.insert(item, at: i) }
        } else {
            list.append(item)
        }
    }
}
