import Synchronization

/// A one-way switch another thread flips to stop a streaming transfer
/// (`HTTPClient.stream`). Once cancelled it stays cancelled.
public final class CancelFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    /// Asks the transfer to stop; it ends with `HTTPError.cancelled` within about a second.
    public func cancel() { flag.store(true, ordering: .releasing) }

    public var isCancelled: Bool { flag.load(ordering: .acquiring) }
}
