import Foundation
import Synchronization

/// Follows the logs of an instance's pods (or one pod) on a background thread
/// into a capped line buffer that any thread can read. `cancel` stops it: the
/// HTTP transfers are aborted within about a second, quiet or not.
public final class LogFollower: Sendable {
    /// Lines kept (up to a quarter more between trims); older ones are dropped first.
    public let capacity: Int
    private let state: Mutex<State>
    private let cancelFlag = CancelFlag()

    private struct State {
        var lines: [String] = []
        var dropped = 0
        var endReason: String?
        var cancelled = false
        var finished = false
    }

    /// Starts following `instance`'s logs in `namespace` through `deployer`.
    public init(deployer: Deployer, instance: String, namespace: String, pod: String?, tail: Int? = 200, capacity: Int = 5_000) {
        self.capacity = max(1, capacity)
        self.state = Mutex(State())
        let thread = Thread { [self] in
            self.follow(deployer: deployer, instance: instance, namespace: namespace, pod: pod, tail: tail)
        }
        thread.name = "marvdash.logs-\(instance)"
        thread.start()
    }

    /// Every line kept so far, oldest first.
    public func lines() -> [String] { state.withLock { $0.lines } }

    /// How many lines were dropped past the cap.
    public var droppedCount: Int { state.withLock { $0.dropped } }

    /// nil while following; "" when the stream ended normally or was cancelled; else the error.
    public func endReason() -> String? { state.withLock { $0.endReason } }

    /// Whether the following thread has ended (streams closed).
    public var isFinished: Bool { state.withLock { $0.finished } }

    /// Stops following.
    public func cancel() {
        state.withLock { s in
            s.cancelled = true
            if s.endReason == nil { s.endReason = "" }
        }
        cancelFlag.cancel()
    }

    private func follow(deployer: Deployer, instance: String, namespace: String, pod: String?, tail: Int?) {
        var reason = ""
        do {
            try deployer.logs(name: instance, namespace: namespace, pod: pod, follow: true, tail: tail, cancel: cancelFlag) { [self] line in
                self.append(line)
            }
        } catch {
            reason = String(describing: error)
        }
        state.withLock { s in
            if s.endReason == nil { s.endReason = reason }
            s.finished = true
        }
    }

    /// Adds a line; false once cancelled, which ends the stream.
    private func append(_ line: String) -> Bool {
        state.withLock { s in
            guard !s.cancelled else { return false }
            s.lines.append(line)
            // Trim in chunks so a long stream costs amortised O(1) per line.
            if s.lines.count > capacity + capacity / 4 {
                let extra = s.lines.count - capacity
                s.lines.removeFirst(extra)
                s.dropped += extra
            }
            return true
        }
    }
}
