extension HTTPResponse {
    /// Returns the response when its status is 2xx; otherwise throws `.status`
    /// (with the Kubernetes Status message and reason when the body is one).
    public func checked(url: String) throws(HTTPError) -> HTTPResponse {
        guard (200..<300).contains(status) else { throw HTTPError.fromResponse(url: url, self) }
        return self
    }
}

extension HTTPError {
    /// The `.status` error for a non-2xx response: message and reason from a
    /// Kubernetes Status body (`{"kind":"Status","message":…,"reason":…}`),
    /// otherwise a one-line excerpt of the body (or the status text when empty).
    /// This is the one place text from an error answer enters marvdash: it is
    /// scrubbed of the credentials `sent` with the request (and of anything
    /// shaped like a token or a private key).
    public static func fromResponse(url: String, _ response: HTTPResponse, sent: SentCredentials = SentCredentials()) -> HTTPError {
        if let status = KubernetesStatusBody(response.body) {
            let message = sent.scrub(status.message ?? excerpt(response, sent: sent))
            return .status(url: url, code: response.status, reason: status.reason.map(sent.scrub), message: message)
        }
        return .status(url: url, code: response.status, reason: nil, message: excerpt(response, sent: sent))
    }

    /// The `.status` error for `response` to `request`, scrubbed of the request's credentials and `tls`'s client key.
    public static func fromResponse(to request: HTTPRequest, _ response: HTTPResponse, tls: TLSOptions? = nil) -> HTTPError {
        fromResponse(url: request.url, response, sent: SentCredentials(headers: request.headers, tls: tls))
    }

    /// At most 200 characters of the (scrubbed) body on one line; the status text when there is no body.
    static func excerpt(_ response: HTTPResponse, sent: SentCredentials = SentCredentials()) -> String {
        let words = sent.scrub(response.bodyText).split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        let line = words.joined(separator: " ")
        if line.isEmpty { return HTTPStatusText.phrase(for: response.status) }
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}

/// The fields of a Kubernetes `Status` object an error message needs.
struct KubernetesStatusBody {
    /// Whether `body` is the Status of a 404 for a resource the server does not serve
    /// (no object named in its details), as opposed to a missing object.
    static func isMissingResource(_ body: [UInt8]) -> Bool {
        guard let json = try? JSONValue.parse(body), json["kind"]?.stringValue == "Status" else { return false }
        return json.at("details", "name")?.stringValue == nil
    }

    var message: String?
    var reason: String?

    /// Parses `body`; nil unless it is a JSON object with `"kind": "Status"`.
    init?(_ body: [UInt8]) {
        guard body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{"),
              let json = try? JSONValue.parse(body), json["kind"]?.stringValue == "Status"
        else { return nil }
        let message = json["message"]?.stringValue ?? ""
        let reason = json["reason"]?.stringValue ?? ""
        self.message = message.isEmpty ? nil : message
        self.reason = reason.isEmpty ? nil : reason
    }
}
