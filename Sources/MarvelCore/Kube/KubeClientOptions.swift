/// How a `KubeClient` behaves on the wire: timeouts, client-side rate limit
/// and page size. Defaults: 5 s to connect, 5 s for a read (a GET; watches and
/// log follows have their own), 30 s for a write, 50 requests/s with bursts of
/// 300 (kubectl's discovery limits; client-go's 5/10 would make the first paged
/// list of a large cluster take tens of seconds), 500 items per page as kubectl.
public struct KubeClientOptions: Sendable, Equatable {
    public var connectTimeout: Double
    /// Seconds a GET may take (per attempt); 0 = no limit.
    public var readTimeout: Double
    /// Seconds a write (POST, PUT, PATCH, DELETE) may take; 0 = no limit.
    public var writeTimeout: Double
    /// Requests per second the client sends on average; 0 = no limit.
    public var qps: Double
    /// Requests the client may send at once before `qps` applies.
    public var burst: Int
    public var pageSize: Int

    public init(
        connectTimeout: Double = 5, readTimeout: Double = 5, writeTimeout: Double = 30, qps: Double = 50, burst: Int = 300,
        pageSize: Int = 500
    ) {
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.writeTimeout = writeTimeout
        self.qps = qps
        self.burst = burst
        self.pageSize = pageSize
    }
}
