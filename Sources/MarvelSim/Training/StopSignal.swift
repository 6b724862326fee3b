import Foundation
import Synchronization

/// A one-way stop request for one trainer, with a wait that a stop cuts short.
final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)
    private let condition = NSCondition()

    var isRequested: Bool { flag.load(ordering: .acquiring) }

    func request() {
        flag.store(true, ordering: .releasing)
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until `deadline` or a stop request, whichever comes first.
    func wait(until deadline: Date) {
        condition.lock()
        defer { condition.unlock() }
        while !isRequested && Date() < deadline {
            _ = condition.wait(until: deadline)
        }
    }
}
