/// Why the embedded HTTP server could not start.
public struct ServerError: Error, Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// What failed, e.g. "Address already in use".
    public var detail: String

    public init(host: String, port: Int, detail: String) {
        self.host = host
        self.port = port
        self.detail = detail
    }

    public var description: String {
        "cannot listen on \(host):\(port): \(detail); choose another address or port (0 picks a free one)"
    }
}
