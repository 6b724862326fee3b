/// How reflectors list and watch: the watch's `timeoutSeconds` drawn anew for
/// each watch from `watchTimeout` (client-go: 5–10 minutes, so many clients do
/// not all re-watch at once), and the retry delays after a failure (doubling
/// from `initialBackoff` to `maxBackoff`, with up to half again of jitter).
public struct ReflectorSettings: Sendable, Equatable {
    public var watchTimeout: ClosedRange<Int>
    public var initialBackoff: Double
    public var maxBackoff: Double
    /// Seconds a watch request may outlive its `timeoutSeconds` before the client gives up on it.
    public var watchGrace: Double
    /// Longest Retry-After honoured (seconds).
    public var retryAfterCap: Double
    /// Seconds between tries to list a kind the server does not serve (404) or forbids (403).
    public var unavailableRetry: Double

    public init(
        watchTimeout: ClosedRange<Int> = 300...600, initialBackoff: Double = 0.5, maxBackoff: Double = 30, watchGrace: Double = 30,
        retryAfterCap: Double = 60, unavailableRetry: Double = 300
    ) {
        self.watchTimeout = watchTimeout
        self.initialBackoff = initialBackoff
        self.maxBackoff = max(initialBackoff, maxBackoff)
        self.watchGrace = watchGrace
        self.retryAfterCap = retryAfterCap
        self.unavailableRetry = unavailableRetry
    }

    /// The delay before try `failures + 1` after `failures` failures in a row (jittered).
    func backoff(afterFailures failures: Int) -> Double {
        let exponent = Double(min(max(0, failures - 1), 30))
        let base = min(maxBackoff, initialBackoff * pow2(exponent))
        return min(maxBackoff, base * Double.random(in: 1...1.5))
    }

    private func pow2(_ e: Double) -> Double {
        var v = 1.0
        for _ in 0..<Int(e) { v *= 2 }
        return v
    }
}
