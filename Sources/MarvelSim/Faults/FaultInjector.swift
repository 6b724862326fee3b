import Foundation
import Synchronization

/// Failures the embedded cluster can be told to produce, so clients are tested
/// against what real API servers do under load or trouble: answer the next
/// matching requests with 429 Too Many Requests (and Retry-After) or another
/// status; expire old resource versions as an etcd compaction does (watches
/// from them get a 410 ERROR event); freeze (accept requests, never answer,
/// as a stopped process) until thawed. It also logs when requests arrived.
public final class FaultInjector: Sendable {
    /// One logged request.
    public struct Arrival: Sendable {
        public var time: Date
        public var method: String
        public var path: String
        public var query: [String: String]
    }

    struct Rejection: Sendable {
        var remaining: Int
        var status: Int
        var reason: String
        var retryAfter: Int?
        var matches: @Sendable (String, String, [String: String]) -> Bool
    }

    private struct State {
        var rejections: [Rejection] = []
        var expiredUpTo = 0
        var frozen = false
        var arrivals: [Arrival] = []
    }

    private let state = Mutex(State())
    private let thawed = NSCondition()
    /// Requests kept in the arrival log (the oldest go first).
    public let logLimit = 2_000

    public init() {}

    /// Answers the next `count` requests for which `matches(method, path, query)` holds with
    /// `status` (429 by default, with `Retry-After: retryAfter` seconds when given).
    public func reject(
        next count: Int, status: Int = 429, reason: String = "TooManyRequests", retryAfter: Int? = 1,
        where matches: @escaping @Sendable (_ method: String, _ path: String, _ query: [String: String]) -> Bool
    ) {
        state.withLock {
            $0.rejections.append(Rejection(remaining: count, status: status, reason: reason, retryAfter: retryAfter, matches: matches))
        }
    }

    /// Resource versions up to `version` are gone: a watch from one of them gets a 410 ERROR
    /// event and a continue token from before it a 410 Status, as after a compaction.
    public func expireResourceVersions(upTo version: Int) {
        state.withLock { $0.expiredUpTo = max($0.expiredUpTo, version) }
    }

    /// From now on requests are accepted but not answered, until `thaw()`.
    public func freeze() { state.withLock { $0.frozen = true } }

    /// Lets held requests go on and answers new ones again.
    public func thaw() {
        state.withLock { $0.frozen = false }
        thawed.lock()
        thawed.broadcast()
        thawed.unlock()
    }

    /// The requests logged so far, oldest first.
    public var arrivals: [Arrival] { state.withLock { $0.arrivals } }

    // MARK: used by the handler

    /// Logs the arrival; returns the rejection to answer with, if one matches.
    func arrive(method: String, path: String, query: [String: String]) -> Rejection? {
        state.withLock { s in
            s.arrivals.append(Arrival(time: Date(), method: method, path: path, query: query))
            if s.arrivals.count > logLimit + logLimit / 4 { s.arrivals.removeFirst(s.arrivals.count - logLimit) }
            guard let i = s.rejections.firstIndex(where: { $0.remaining > 0 && $0.matches(method, path, query) }) else { return nil }
            s.rejections[i].remaining -= 1
            let hit = s.rejections[i]
            if hit.remaining == 0 { s.rejections.remove(at: i) }
            return hit
        }
    }

    /// Whether resource version `version` is expired.
    func isExpired(_ version: Int) -> Bool { state.withLock { version > 0 && version <= $0.expiredUpTo } }

    /// Blocks while frozen (until thawed, or `until` passes); true if it waited.
    func waitWhileFrozen(until deadline: Date) -> Bool {
        var waited = false
        thawed.lock()
        defer { thawed.unlock() }
        while state.withLock({ $0.frozen }) && Date() < deadline {
            waited = true
            _ = thawed.wait(until: min(deadline, Date().addingTimeInterval(1)))
        }
        return waited
    }
}
