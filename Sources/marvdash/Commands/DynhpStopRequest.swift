import Dispatch
import Foundation
import Synchronization

/// Catches SIGINT and SIGTERM while a training run is going and records the first one, so the
/// trainer can stop between two steps, checkpoint and exit cleanly (polled, never blocking).
final class DynhpStopRequest {
    private let box = DynhpReceivedSignal()
    private let queue = DispatchQueue(label: "marvdash.dynhp.signals")
    private var sources: [any DispatchSourceSignal] = []

    init() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            let box = self.box
            source.setEventHandler { box.record(sig) }
            source.resume()
            sources.append(source)
        }
    }

    /// The signal received (0 if none yet).
    var receivedSignal: Int32 { box.value.load(ordering: .sequentiallyConsistent) }

    var isRequested: Bool { receivedSignal != 0 }

    /// `isRequested` as a closure safe to hand to other threads (reads only the atomic).
    var requestedCheck: @Sendable () -> Bool {
        let box = self.box
        return { box.value.load(ordering: .sequentiallyConsistent) != 0 }
    }

    /// "SIGINT" or "SIGTERM", for the received signal.
    var signalName: String { receivedSignal == SIGINT ? "SIGINT" : "SIGTERM" }

    /// Says on stderr that training stopped and how to go on (`saved`: a checkpoint was
    /// written), and returns the exit status, 128 + the signal.
    func stoppedExitStatus(saved: Bool) -> Int32 {
        let hint = saved ? "continue with the same flags plus --resume" : "no --out was given, so nothing was saved"
        FileHandle.standardError.write(Data("marvdash: training stopped by \(signalName); \(hint)\n".utf8))
        return 128 + receivedSignal
    }

    /// Stops catching; the signals get their default action back.
    func release() {
        sources.forEach { $0.cancel() }
        sources.removeAll()
        for sig in [SIGINT, SIGTERM] { signal(sig, SIG_DFL) }
    }
}

/// The first signal received, shared with the handler queue.
private final class DynhpReceivedSignal: Sendable {
    let value = Atomic<Int32>(0)

    func record(_ sig: Int32) {
        _ = value.compareExchange(expected: 0, desired: sig, ordering: .sequentiallyConsistent)
    }
}
