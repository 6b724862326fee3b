/// A request received by the embedded HTTP server.
public struct ServerRequest: Sendable {
    public var method: String
    /// The path without the query string, percent-decoded.
    public var path: String
    /// Query parameters, percent-decoded; a repeated parameter keeps its last value.
    public var query: [String: String]
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// Where a streaming response writes its chunks. `write` returns false once
/// the client has gone away, and the producer should stop.
public protocol ChunkSink: Sendable {
    func write(_ bytes: [UInt8]) -> Bool
}

/// The body of a server response: whole, or produced piece by piece
/// (sent with chunked transfer encoding; the connection stays open until
/// the producer returns).
public enum ServerResponseBody: Sendable {
    case bytes([UInt8])
    case stream(@Sendable (any ChunkSink) -> Void)
}

/// A response from a handler.
public struct ServerResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: ServerResponseBody

    public init(status: Int, headers: [(name: String, value: String)] = [], body: ServerResponseBody = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Handles requests for the embedded server. Called on a connection's own
/// thread; implementations must be thread-safe.
public protocol ServerHandler: Sendable {
    func handle(_ request: ServerRequest) -> ServerResponse
}
