import Dispatch
import MarvelCore
import Synchronization

/// Lends the console's terminal to exec credential plugins that prompt: a
/// background thread that needs the terminal queues its work here and waits;
/// the console's main loop runs it between frames with curses suspended, so
/// curses calls stay on the main thread. Closed when the console ends, after
/// which work runs at once on the asking thread.
final class TerminalLendingQueue: Sendable {
    private struct Waiting: Sendable {
        var body: @Sendable () -> Void
        var done: DispatchSemaphore
    }

    private let state = Mutex((waiting: [Waiting](), closed: false))

    /// Installs this queue as `handoff`'s lender.
    func install(on handoff: TerminalHandoff) {
        handoff.setLender { [self] body in lend(body) }
    }

    /// Runs `body` with the terminal (waits for the main loop), or at once when closed.
    func lend(_ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        let queued = state.withLock { s -> Bool in
            guard !s.closed else { return false }
            s.waiting.append(Waiting(body: body, done: done))
            return true
        }
        guard queued else { return body() }
        done.wait()
    }

    /// Runs what waits, each inside `around` (which suspends curses); true when anything ran.
    func drain(_ around: (() -> Void) -> Void) -> Bool {
        let work = state.withLock { s -> [Waiting] in
            defer { s.waiting.removeAll() }
            return s.waiting
        }
        for item in work {
            around(item.body)
            item.done.signal()
        }
        return !work.isEmpty
    }

    /// No more lending through the main loop; what still waits runs on its own thread.
    func close() {
        let work = state.withLock { s -> [Waiting] in
            s.closed = true
            defer { s.waiting.removeAll() }
            return s.waiting
        }
        for item in work {
            item.body()
            item.done.signal()
        }
    }
}
