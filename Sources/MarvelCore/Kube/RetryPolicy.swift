import Foundation

/// How `KubeClient` retries reads: up to `maxAttempts` tries on connection
/// failures and 429/5xx answers, with doubling delays and the server's
/// Retry-After honoured up to a cap. The sleeper is injected so tests never wait.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    /// Delay before the second try; doubles for each further try.
    public var baseDelay: Double
    public var maxDelay: Double
    /// Longest Retry-After honoured (seconds).
    public var retryAfterCap: Double
    /// Waits the given number of seconds.
    public var sleep: @Sendable (Double) -> Void

    public init(
        maxAttempts: Int = 3, baseDelay: Double = 0.25, maxDelay: Double = 2, retryAfterCap: Double = 5,
        sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.retryAfterCap = retryAfterCap
        self.sleep = sleep
    }

    /// No retries at all.
    public static var none: RetryPolicy { RetryPolicy(maxAttempts: 1) }

    /// Statuses worth another try.
    public static func isRetryable(status: Int) -> Bool { status == 429 || (500...599).contains(status) && status != 501 }

    /// Transport failures worth another try: refused or reset connections and name lookups.
    /// Not timeouts (a server that did not answer in time rarely answers the next try, and the
    /// message must name the time really waited), TLS, malformed URLs, scheme mismatches or
    /// oversized answers (those do not heal).
    public static func isRetryable(_ error: HTTPError) -> Bool {
        switch error {
        case .connect, .transport, .nameResolution: return true
        case .timeout, .tls, .invalidURL, .status, .cancelled, .responseTooLarge, .schemeMismatch: return false
        }
    }

    /// The delay before try number `attempt + 1` (attempt counts from 1), using Retry-After when given.
    public func delay(afterAttempt attempt: Int, retryAfter: String?) -> Double {
        if let ra = retryAfter?.trimmingWhitespace(), let seconds = Double(ra), seconds >= 0 {
            return min(seconds, retryAfterCap)
        }
        let exp = baseDelay * pow(2, Double(max(0, attempt - 1)))
        return min(exp, maxDelay)
    }
}
