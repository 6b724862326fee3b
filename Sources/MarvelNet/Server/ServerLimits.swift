/// What the embedded server allows one connection, so that no client — slow, idle or
/// hostile — can hold a slot or the memory for long. A connection waits `idleTimeout` for
/// the first byte of a request, then has `headerTimeout` to finish the head and
/// `bodyTimeout` to finish the body; a response being streamed (watches, logs) has no
/// deadline. Tests pass small values; the defaults suit kubectl and the console.
public struct ServerLimits: Sendable, Equatable {
    /// How long a keep-alive connection may wait for its next request.
    public var idleTimeout: Duration
    /// How long a request head may take from its first byte (slowloris clients are dropped with 408).
    public var headerTimeout: Duration
    /// How long a request body may take after its head.
    public var bodyTimeout: Duration
    /// Seconds a response write may stall before the client counts as gone.
    public var sendTimeoutSeconds: Int
    /// Largest request head (request line and fields), in bytes (431 beyond).
    public var maxHeadBytes: Int
    /// Most header fields in one request (431 beyond).
    public var maxHeaderFields: Int
    /// Largest request body, in bytes (413 beyond).
    public var maxBodyBytes: Int

    public init(
        idleTimeout: Duration = .seconds(60), headerTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(60),
        sendTimeoutSeconds: Int = 60, maxHeadBytes: Int = 64 * 1024, maxHeaderFields: Int = 100,
        maxBodyBytes: Int = 16 * 1024 * 1024
    ) {
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.sendTimeoutSeconds = sendTimeoutSeconds
        self.maxHeadBytes = maxHeadBytes
        self.maxHeaderFields = maxHeaderFields
        self.maxBodyBytes = maxBodyBytes
    }

    /// "64 KiB", "16 MiB", "100 bytes": a limit as the rejection messages say it.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }

    /// "10 s", "0.5 s".
    static func seconds(_ duration: Duration) -> String {
        let (s, atto) = duration.components
        if atto == 0 { return "\(s) s" }
        return "\(Double(s) + Double(atto) / 1e18) s"
    }
}
