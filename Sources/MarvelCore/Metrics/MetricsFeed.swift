import Foundation
import Synchronization

/// The shared, locked buffer followers write runs into and the console
/// reads from. Reads are cheap: `version` changes whenever anything does.
public final class MetricsFeed: Sendable {
    private struct State {
        var version = 0
        var runs: [String: TrainingRun] = [:]
        var order: [String] = []
        var sourceStates: [RunOrigin: String] = [:]
        var sourceOrder: [RunOrigin] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Increases with every change.
    public var version: Int { state.withLock { $0.version } }

    /// The runs in the order they first appeared.
    public func runs() -> [TrainingRun] {
        state.withLock { s in s.order.compactMap { s.runs[$0] } }
    }

    /// Applies one event from `origin` to the run it names (creating it).
    public func apply(_ event: MetricEvent, from origin: RunOrigin) {
        apply([event], from: origin)
    }

    /// Applies several events under one lock.
    public func apply(_ events: [MetricEvent], from origin: RunOrigin) {
        guard !events.isEmpty else { return }
        state.withLock { s in
            for event in events {
                let key = "\(origin)#\(event.run)"
                if s.runs[key] == nil {
                    s.runs[key] = TrainingRun(origin: origin, history: RunHistory(run: event.run))
                    s.order.append(key)
                }
                s.runs[key]?.history.apply(event)
            }
            s.version += 1
        }
    }

    /// Forgets every run of `origin` (a file truncated and rewritten, a pod gone).
    public func removeRuns(from origin: RunOrigin) {
        state.withLock { s in
            let keys = s.order.filter { s.runs[$0]?.origin == origin }
            guard !keys.isEmpty else { return }
            for key in keys { s.runs[key] = nil }
            s.order.removeAll { keys.contains($0) }
            s.version += 1
        }
    }

    /// Records a source's connection state ("following", "retrying in 4s: …").
    public func setState(_ text: String, for origin: RunOrigin) {
        state.withLock { s in
            guard s.sourceStates[origin] != text else { return }
            if s.sourceStates[origin] == nil { s.sourceOrder.append(origin) }
            s.sourceStates[origin] = text
            s.version += 1
        }
    }

    /// The connection state of every source, in the order they reported.
    public func sourceStates() -> [(origin: RunOrigin, state: String)] {
        state.withLock { s in s.sourceOrder.compactMap { o in s.sourceStates[o].map { (o, $0) } } }
    }

    /// The state of one source, if it reported one.
    public func state(of origin: RunOrigin) -> String? { state.withLock { $0.sourceStates[origin] } }
}
