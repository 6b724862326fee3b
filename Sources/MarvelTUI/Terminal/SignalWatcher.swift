import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns SIGINT/SIGTERM/SIGHUP into a flag the console loop polls: the signals
/// are ignored at the C level (so they can't kill the process with the
/// terminal left raw) and DispatchSource handlers record the first one.
final class SignalWatcher {
    /// The recorded signal number; 0 while none arrived.
    private final class Flag: Sendable {
        let value = Atomic<Int32>(0)
    }

    private let flag = Flag()
    private var sources: [any DispatchSourceSignal] = []
    private var watched: [Int32] = []
    private let queue = DispatchQueue(label: "marvdash.signals")

    init(signals: [Int32]) {
        watched = signals
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            let flag = self.flag
            source.setEventHandler {
                _ = flag.value.compareExchange(expected: 0, desired: number, ordering: .sequentiallyConsistent)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The first signal received, or nil.
    var pending: Int32? {
        let value = flag.value.load(ordering: .sequentiallyConsistent)
        return value == 0 ? nil : value
    }

    /// Records `signal` as if it had arrived (used when the terminal hangs
    /// up without a SIGHUP reaching us).
    func record(_ signal: Int32) {
        _ = flag.value.compareExchange(expected: 0, desired: signal, ordering: .sequentiallyConsistent)
    }

    /// Cancels the handlers and gives the signals their default action back.
    func stop() {
        for source in sources { source.cancel() }
        sources.removeAll()
        for number in watched { signal(number, SIG_DFL) }
        watched.removeAll()
    }

    deinit {
        stop()
    }
}
