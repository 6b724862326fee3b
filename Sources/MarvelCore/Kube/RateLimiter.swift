import Foundation
import Synchronization

/// A token bucket shared by a client's copies: up to `burst` requests at once,
/// then `qps` per second on average (client-go's client-side limit). Callers
/// take a token before each request and wait their turn when there is none;
/// waiters are served in the order they came.
public final class RateLimiter: Sendable {
    public let qps: Double
    public let burst: Int
    private let clock: @Sendable () -> Double
    private let sleep: @Sendable (Double) -> Void
    private let bucket: Mutex<(tokens: Double, updated: Double)>

    /// `qps` 0 (or less) never waits.
    public init(
        qps: Double, burst: Int, clock: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime },
        sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }
    ) {
        self.qps = qps
        self.burst = max(1, burst)
        self.clock = clock
        self.sleep = sleep
        bucket = Mutex((Double(max(1, burst)), clock()))
    }

    /// Takes a token, waiting as long as needed; returns the seconds waited.
    @discardableResult
    public func acquire() -> Double {
        guard qps > 0 else { return 0 }
        let wait = bucket.withLock { b -> Double in
            let now = clock()
            b.tokens = min(Double(burst), b.tokens + (now - b.updated) * qps)
            b.updated = now
            b.tokens -= 1
            return b.tokens >= 0 ? 0 : -b.tokens / qps
        }
        if wait > 0 { sleep(wait) }
        return wait
    }
}
