import Synchronization

/// Counts what a client's transfers move: requests started and body and header
/// bytes received (after content decoding), live while streams run. The bench
/// reads it to report bytes per minute; any thread may read it.
public final class TransferStatistics: Sendable {
    private let counters = Mutex((requests: 0, bytesReceived: 0))

    public init() {}

    /// Requests started so far.
    public var requests: Int { counters.withLock { $0.requests } }
    /// Bytes received so far (status lines, headers and bodies).
    public var bytesReceived: Int { counters.withLock { $0.bytesReceived } }

    func requestStarted() { counters.withLock { $0.requests += 1 } }
    func received(_ count: Int) { counters.withLock { $0.bytesReceived += count } }
}
