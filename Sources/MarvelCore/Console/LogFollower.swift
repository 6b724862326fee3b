import Foundation
import Synchronization

/// Follows the logs of an instance's pods (or one pod, one container, or the
/// previous container) on background threads into a capped buffer any thread
/// can read. Lines are asked for with `timestamps=true`; when a stream breaks
/// (an outage, a closed connection while the pod still runs) the follower
/// says it is reconnecting, waits (exponential backoff), and resumes with
/// `sinceTime` from the last line's second, dropping the lines it already has,
/// so nothing is lost or shown twice. `cancel` stops it: the transfers are
/// aborted within about a second.
public final class LogFollower: Sendable {
    /// Lines kept (up to a quarter more between trims); older ones are dropped first.
    public let capacity: Int
    public let query: LogQuery
    public let backoff: LogBackoff
    let deployer: Deployer
    private let state = Mutex(State())
    let cancelFlag = CancelFlag()

    struct State {
        var lines: [LogLine] = []
        var dropped = 0
        /// The follower's own state before the streams run (connecting, retrying the pod list, failed).
        var phase: LogFollowState = .connecting
        /// Each stream's state, by source.
        var streams: [String: LogFollowState] = [:]
        var cancelled = false
        var finished = false
    }

    /// Starts following what `query` names through `deployer`.
    public init(deployer: Deployer, query: LogQuery, capacity: Int = 5_000, backoff: LogBackoff = LogBackoff()) {
        self.capacity = max(1, capacity)
        self.query = query
        self.backoff = backoff
        self.deployer = deployer
        let thread = Thread { [self] in self.follow() }
        thread.name = "marvdash.logs-\(query.instance)"
        thread.start()
    }

    /// Starts following `instance`'s pods (or `pod`) in `namespace`, each pod's default container.
    public convenience init(deployer: Deployer, instance: String, namespace: String, pod: String?, tail: Int? = 200, capacity: Int = 5_000) {
        self.init(deployer: deployer, query: LogQuery(instance: instance, namespace: namespace, pod: pod, tail: tail), capacity: capacity)
    }

    /// The lines kept so far, how many were dropped, and how the follower is doing.
    public func read() -> LogReading {
        state.withLock { LogReading(lines: $0.lines, dropped: $0.dropped, state: Self.combined($0)) }
    }

    /// Every line kept so far, oldest first, as `marvdash logs` prints them.
    public func lines() -> [String] { state.withLock { $0.lines.map { $0.formatted() } } }

    /// How many lines were dropped past the cap.
    public var droppedCount: Int { state.withLock { $0.dropped } }

    /// nil while following (or reconnecting); "" when every stream ended or it was cancelled; else why it failed.
    public func endReason() -> String? {
        switch read().state {
        case .connecting, .following, .reconnecting: return nil
        case .ended: return ""
        case .failed(let why): return why
        }
    }

    /// Whether the following threads have ended (streams closed).
    public var isFinished: Bool { state.withLock { $0.finished } }

    /// Stops following.
    public func cancel() {
        state.withLock { $0.cancelled = true }
        cancelFlag.cancel()
    }

    var isCancelled: Bool { cancelFlag.isCancelled }

    /// The state shown for the whole follower: a failure to start, else any stream reconnecting,
    /// else following while one runs, else a stream's failure, else ended.
    static func combined(_ s: State) -> LogFollowState {
        if s.cancelled { return .ended }
        if case .failed = s.phase { return s.phase }
        if s.streams.isEmpty { return s.finished ? .ended : s.phase }
        if let retrying = s.streams.values.first(where: { if case .reconnecting = $0 { return true }; return false }) { return retrying }
        if s.streams.values.contains(where: { $0 == .following || $0 == .connecting }) { return .following }
        // Every stream stopped: a failure (the previous container's log could not be read) says why.
        if let failed = s.streams.values.first(where: { if case .failed = $0 { return true }; return false }) { return failed }
        return .ended
    }

    func setPhase(_ phase: LogFollowState) { state.withLock { $0.phase = phase } }

    func setStream(_ source: String, _ streamState: LogFollowState) { state.withLock { $0.streams[source] = streamState } }

    /// Adds a line; false once cancelled, which ends the stream.
    func append(_ line: LogLine) -> Bool {
        state.withLock { s in
            guard !s.cancelled else { return false }
            s.lines.append(line)
            // Trim in chunks so a long stream costs amortised O(1) per line.
            if s.lines.count > capacity + capacity / 4 {
                let extra = s.lines.count - capacity
                s.lines.removeFirst(extra)
                s.dropped += extra
            }
            return true
        }
    }

    /// Finds the streams (retrying while the API cannot be reached or the instance has no
    /// pods yet), follows each on its own thread, and returns when all have ended.
    private func follow() {
        defer { state.withLock { $0.finished = true } }
        var attempt = 0
        var targets: [LogTarget] = []
        while !isCancelled {
            do {
                targets = try LogTarget.resolve(query, deployer: deployer)
                if !targets.isEmpty { break }
                attempt += 1
                setPhase(.reconnecting(attempt: attempt, reason: "\(query.instance) has no pods yet"))
            } catch let error as DeployError {
                switch error {
                case .notFound, .noPod, .noContainer:
                    setPhase(.failed(String(describing: error)))
                    return
                default:
                    attempt += 1
                    setPhase(.reconnecting(attempt: attempt, reason: String(describing: error)))
                }
            } catch {
                attempt += 1
                setPhase(.reconnecting(attempt: attempt, reason: String(describing: error)))
            }
            pause(backoff.delay(attempt: attempt))
        }
        guard !isCancelled else { return }
        setPhase(.following)
        let group = DispatchGroup()
        for target in targets {
            setStream(target.source, .following)
            group.enter()
            let thread = Thread { [self] in
                self.stream(target)
                group.leave()
            }
            thread.name = "marvdash.logs-\(target.pod)"
            thread.start()
        }
        group.wait()
    }

    /// Waits `seconds`, waking early when cancelled.
    func pause(_ seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while !isCancelled, Date() < deadline {
            Thread.sleep(forTimeInterval: min(0.05, max(0, deadline.timeIntervalSinceNow)))
        }
    }
}

/// How long a log follower waits before trying a broken stream again:
/// `initial`, doubling each attempt, at most `maximum` seconds.
public struct LogBackoff: Sendable, Hashable {
    public var initial: Double
    public var maximum: Double

    public init(initial: Double = 1, maximum: Double = 30) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The wait before attempt `attempt` (1 = the first retry).
    public func delay(attempt: Int) -> Double {
        min(maximum, initial * pow(2, Double(max(0, attempt - 1))))
    }
}
