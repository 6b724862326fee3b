/// The one HTTP operation `KubeClient` needs; `HTTPClient` provides it, and
/// tests substitute scripted transports to exercise retries and errors.
public protocol HTTPTransport: Sendable {
    /// Sends a request and returns the response for any status; transport failures throw.
    func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse
}

extension HTTPClient: HTTPTransport {}
