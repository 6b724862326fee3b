import Foundation

/// The deployed instances as the console shows them: their statuses (the last
/// good ones while the server is away), the connection's failure as one line,
/// and a generation that changes with them.
public struct InstancesState: Sendable {
    public var statuses: [InstanceStatus]
    /// Why the list may be old (the server does not answer); nil while it is current.
    public var error: String?
    /// When the data was read; nil before the first snapshot.
    public var fetchedAt: Date?
    public var generation: Int

    public init(statuses: [InstanceStatus] = [], error: String? = nil, fetchedAt: Date? = nil, generation: Int = 0) {
        self.statuses = statuses
        self.error = error
        self.fetchedAt = fetchedAt
        self.generation = generation
    }

    /// The instances of `namespace` in the cache's state: computed from its snapshot, the
    /// connection's trouble as the error. nil snapshot: nothing read yet.
    public init(cache state: ClusterCacheState, namespace: String?, rules: LayerRules) {
        self.init()
        switch state.connection {
        case .failed(let message, _): error = message
        case .notResponding(let since):
            error = "the server is not responding (since \(Timestamp.format(since)))"
        case .connecting, .connected: error = nil
        }
        generation = state.generation
        guard let snapshot = state.snapshot else { return }
        statuses = InstanceStatus.all(in: snapshot, namespace: namespace, rules: rules)
        fetchedAt = snapshot.fetchedAt
    }
}
