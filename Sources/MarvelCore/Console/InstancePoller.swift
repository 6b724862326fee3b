import Foundation
import Synchronization

/// One poll of the deployed instances: their statuses (the last good ones while
/// polls fail), the last failure as one line, and a generation that grows on change.
public struct InstancePollState: Sendable {
    public var statuses: [InstanceStatus]
    /// The last poll's failure; nil after a good poll.
    public var error: String?
    /// When the statuses were read; nil before the first good poll.
    public var fetchedAt: Date?
    public var generation: Int

    public init(statuses: [InstanceStatus] = [], error: String? = nil, fetchedAt: Date? = nil, generation: Int = 0) {
        self.statuses = statuses
        self.error = error
        self.fetchedAt = fetchedAt
        self.generation = generation
    }
}

/// Polls `Deployer.instances` and each instance's `status` on a background
/// thread every `interval` seconds (sooner after `refreshNow`). Readers call
/// `current()` from any thread.
public final class InstancePoller: Sendable {
    public let deployer: Deployer
    /// The namespace polled; nil polls every namespace.
    public let namespace: String?
    public let interval: Double
    public let layerRules: LayerRules
    private let state = Mutex(InstancePollState())
    private let thread = PollingThread(name: "marvdash.instance-poller")

    public init(deployer: Deployer, namespace: String?, interval: Double = 2, layerRules: LayerRules = LayerRules()) {
        self.deployer = deployer
        self.namespace = namespace
        self.interval = max(0.05, interval)
        self.layerRules = layerRules
    }

    /// The latest poll.
    public func current() -> InstancePollState { state.withLock { $0 } }

    /// Starts the polling thread (once; later calls do nothing).
    public func start() {
        thread.start(
            poll: { [self] in
                let outcome = fetch()
                if !thread.isStopped { record(outcome, at: Date()) }
            },
            pause: { [self] in interval })
    }

    /// Stops polling; a poll in flight finishes and its result is dropped.
    public func stop() { thread.stop() }

    /// Asks the thread to poll now instead of waiting for the interval.
    public func refreshNow() { thread.wake() }

    /// Polls once on the caller's thread and records the outcome.
    @discardableResult
    public func pollOnce() -> InstancePollState {
        record(fetch(), at: Date())
    }

    private func fetch() -> Result<[InstanceStatus], any Error> {
        do {
            let instances = try deployer.instances(namespace: namespace)
            return .success(try instances.map { try deployer.status(of: $0, rules: layerRules) })
        } catch {
            return .failure(error)
        }
    }

    @discardableResult
    private func record(_ outcome: Result<[InstanceStatus], any Error>, at now: Date) -> InstancePollState {
        state.withLock { s in
            switch outcome {
            case .success(let statuses):
                if statuses != s.statuses || s.error != nil || s.fetchedAt == nil { s.generation += 1 }
                s.statuses = statuses
                s.error = nil
                s.fetchedAt = now
            case .failure(let error):
                let line = String(describing: error)
                if line != s.error { s.generation += 1 }
                s.error = line
            }
            return s
        }
    }
}
