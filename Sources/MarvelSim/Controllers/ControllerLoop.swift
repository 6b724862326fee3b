import Foundation
import Synchronization

/// Runs a `Reconciler` on its own thread every `interval` seconds until stopped.
final class ControllerLoop: Sendable {
    private let stopped = Mutex(false)
    private let done = DispatchSemaphore(value: 0)
    private let wake = NSCondition()

    init(reconciler: Reconciler, interval: Double) {
        let thread = Thread { [self] in
            var r = reconciler
            while !stopped.withLock({ $0 }) {
                r.tick()
                wake.lock()
                if !stopped.withLock({ $0 }) { _ = wake.wait(until: Date().addingTimeInterval(interval)) }
                wake.unlock()
            }
            done.signal()
        }
        thread.name = "marvdash-controllers"
        thread.start()
    }

    /// Stops the loop and waits for its current tick to end.
    func stop() {
        let first = stopped.withLock { s -> Bool in
            defer { s = true }
            return !s
        }
        guard first else { return }
        wake.lock()
        wake.broadcast()
        wake.unlock()
        done.wait()
    }
}
