import Foundation
import Synchronization

/// A sleep another thread can cut short (`wake`) or end for good (`stop`):
/// how the cache's threads wait between tries and polls.
final class Pause: Sendable {
    private let condition = NSCondition()
    private let flags = Mutex((stopped: false, woken: false))

    var isStopped: Bool { flags.withLock { $0.stopped } }

    /// Sleeps up to `seconds`; returns false once stopped.
    @discardableResult
    func sleep(_ seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(max(0, seconds))
        condition.lock()
        defer { condition.unlock() }
        while true {
            let (stopped, woken) = flags.withLock { f -> (Bool, Bool) in
                defer { f.woken = false }
                return (f.stopped, f.woken)
            }
            if stopped { return false }
            if woken || Date() >= deadline { return true }
            _ = condition.wait(until: deadline)
        }
    }

    /// Ends the current (or next) sleep early.
    func wake() {
        flags.withLock { $0.woken = true }
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }

    /// Ends every sleep for good.
    func stop() {
        flags.withLock { $0.stopped = true }
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }
}
