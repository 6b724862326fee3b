import Dispatch
import Foundation
import Synchronization

/// Blocks the calling thread until SIGINT, SIGTERM or SIGHUP arrives.
enum SignalWaiter {
    /// Returns the signal that ended the wait.
    static func waitForTermination() -> Int32 {
        let done = DispatchSemaphore(value: 0)
        let received = ReceivedSignal()
        let queue = DispatchQueue(label: "marvdash.signals")
        var sources: [any DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler {
                received.value.withLock { $0 = sig }
                done.signal()
            }
            source.resume()
            sources.append(source)
        }
        done.wait()
        sources.forEach { $0.cancel() }
        return received.value.withLock { $0 }
    }
}

/// The signal that arrived, shared between the handler queue and the waiter.
private final class ReceivedSignal: Sendable {
    let value = Mutex<Int32>(0)
}
