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
    public static func fromResponse(url: String, _ response: HTTPResponse) -> HTTPError {
        if let status = KubernetesStatusBody(response.body) {
            let message = status.message ?? excerpt(response)
            return .status(url: url, code: response.status, reason: status.reason, message: message)
        }
        return .status(url: url, code: response.status, reason: nil, message: excerpt(response))
    }

    /// At most 200 characters of the body on one line; the status text when there is no body.
    static func excerpt(_ response: HTTPResponse) -> String {
        let words = response.bodyText.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        let line = words.joined(separator: " ")
        if line.isEmpty { return HTTPStatusText.phrase(for: response.status) }
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}

/// The fields of a Kubernetes `Status` object an error message needs.
struct KubernetesStatusBody {
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
