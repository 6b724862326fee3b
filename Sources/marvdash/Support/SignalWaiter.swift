import Dispatch
import Foundation
import Synchronization

/// Catches SIGINT, SIGTERM and SIGHUP from the moment it is made, so a
/// server can announce itself and only then block in `wait()` without a
/// window in which an early signal kills the process before cleanup.
final class SignalWaiter {
    private let done = DispatchSemaphore(value: 0)
    private let received = ReceivedSignal()
    private let queue = DispatchQueue(label: "marvdash.signals")
    private var sources: [any DispatchSourceSignal] = []

    /// Starts catching the signals (their default action is suspended until `wait()` returns).
    init() {
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            let received = self.received, done = self.done
            source.setEventHandler {
                received.value.withLock { if $0 == 0 { $0 = sig } }
                done.signal()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Blocks until one of the signals has arrived (at once if one already
    /// did) and returns it; the signals get their default action back.
    func wait() -> Int32 {
        done.wait()
        sources.forEach { $0.cancel() }
        sources.removeAll()
        for sig in [SIGINT, SIGTERM, SIGHUP] { signal(sig, SIG_DFL) }
        return received.value.withLock { $0 }
    }
}

/// The signal that arrived, shared between the handler queue and the waiter.
private final class ReceivedSignal: Sendable {
    let value = Mutex<Int32>(0)
}
