import Foundation
import Synchronization

/// Wakes threads waiting for the store to change. Waiters re-check their own
/// condition under the signal's lock, so a write between the check and the
/// wait is never missed.
final class ChangeSignal: Sendable {
    private let condition = NSCondition()
    private let closedFlag = Mutex(false)

    var isClosed: Bool { closedFlag.withLock { $0 } }

    /// Waits until `ready()` holds, the signal is closed or `deadline` passes.
    /// Returns whether `ready()` held.
    func wait(until deadline: Date, for ready: () -> Bool) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !ready() {
            if isClosed { return false }
            if !condition.wait(until: deadline) { return ready() }
        }
        return true
    }

    func broadcast() {
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }

    /// Wakes every waiter for good.
    func close() {
        closedFlag.withLock { $0 = true }
        broadcast()
    }
}
