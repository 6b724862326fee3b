import Dispatch
import Foundation
import Synchronization

/// A named background thread that repeats a poll until stopped: started once, stopped
/// once, and woken early by `wake()` (several wake-ups while it sleeps count as one).
/// The pollers of the console share it; what a poll does and how long to wait between
/// polls stay theirs.
public final class PollingThread: Sendable {
    public let name: String
    private let control = Mutex((running: false, stopped: false))
    private let signal = DispatchSemaphore(value: 0)

    public init(name: String) {
        self.name = name
    }

    /// True once `stop()` was called.
    public var isStopped: Bool { control.withLock { $0.stopped } }

    /// Runs `poll` on the thread until stopped, sleeping `pause()` seconds (or until
    /// woken) after each poll. Only the first call starts a thread; after `stop()` none does.
    public func start(poll: @escaping @Sendable () -> Void, pause: @escaping @Sendable () -> Double) {
        let shouldStart = control.withLock { c -> Bool in
            guard !c.running && !c.stopped else { return false }
            c.running = true
            return true
        }
        guard shouldStart else { return }
        let thread = Thread { [self] in
            while !isStopped {
                poll()
                if isStopped { break }
                _ = signal.wait(timeout: .now() + pause())
                while signal.wait(timeout: .now()) == .success {}  // coalesce extra wake-ups
            }
        }
        thread.name = name
        thread.start()
    }

    /// Ends the loop after the poll in flight, if any.
    public func stop() {
        control.withLock { $0.stopped = true }
        signal.signal()
    }

    /// Cuts the current pause short.
    public func wake() { signal.signal() }
}
