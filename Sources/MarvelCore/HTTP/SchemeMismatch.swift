import CCurl

/// Tells an https URL pointed at a plain-HTTP server (and an http URL pointed at
/// a TLS server) from other failures, so the message names the mismatch and the
/// URL to use instead of a vague TLS error or timeout.
///
/// A TLS client speaks first; a plain-HTTP server waits for a request line, so
/// the handshake stalls until the connect timeout (or fails with "wrong version
/// number" when the server answers the hello with an HTTP error). Such a failure
/// is confirmed by one short plain request to the same host and port. The other
/// way round, a TLS server answers plain text with an alert (libcurl: "HTTP/0.9")
/// or with Go's "Client sent an HTTP request to an HTTPS server" (kube-apiserver),
/// confirmed by one short TLS request.
enum SchemeMismatch {
    /// Seconds the confirming request may take.
    static let probeSeconds = 1.0

    /// The mismatch error when `failure` looks like one and a probe confirms it; nil otherwise.
    static func check(_ failure: CurlFailure, url: String, connectTimeout: Double) -> HTTPError? {
        guard let origin = Origin(url) else { return nil }
        let message = failure.message.lowercased()
        if origin.secure {
            let stalled = failure.code == CURLE_OPERATION_TIMEDOUT && message.contains("ssl connection timeout")
            let garbled = failure.code == CURLE_SSL_CONNECT_ERROR
                && ["wrong version number", "packet length too long", "record layer failure", "unexpected eof", "http request"]
                    .contains { message.contains($0) }
            guard stalled || garbled, answers(origin.swapped) else { return nil }
        } else {
            let tlsLike = (failure.code == CURLE_UNSUPPORTED_PROTOCOL && message.contains("http/0.9"))
                || failure.code == CURLE_GOT_NOTHING || failure.code == CURLE_WEIRD_SERVER_REPLY
                || (failure.code == CURLE_RECV_ERROR && message.contains("reset"))
            guard tlsLike, answers(origin.swapped) else { return nil }
        }
        return mismatch(url: url, origin: origin)
    }

    /// The mismatch error when an http URL got Go's plain-text answer of a TLS server.
    static func check(plainAnswer body: [UInt8], url: String) -> HTTPError? {
        guard let origin = Origin(url), !origin.secure else { return nil }
        let text = String(decoding: body.prefix(512), as: UTF8.self)
        guard text.contains("Client sent an HTTP request to an HTTPS server") else { return nil }
        return mismatch(url: url, origin: origin)
    }

    private static func mismatch(url: String, origin: Origin) -> HTTPError {
        .schemeMismatch(
            url: url, serverSpeaks: origin.secure ? "plain HTTP" : "HTTPS (TLS)", use: origin.swapped.text)
    }

    /// Whether anything answers an HTTP request at `origin` within `probeSeconds`
    /// (no credentials are sent; TLS is not verified: only the protocol matters).
    private static func answers(_ origin: Origin) -> Bool {
        let probe = HTTPClient(
            tls: TLSOptions(insecureSkipVerify: true), connectTimeout: probeSeconds, timeout: probeSeconds,
            maxResponseBytes: 64 * 1024)
        do {
            return try probe.send(HTTPRequest(url: origin.text + "/version")).status > 0
        } catch {
            if case .responseTooLarge = error { return true }  // it answered, at length
            return false
        }
    }

    /// The scheme and authority of a URL.
    struct Origin {
        var secure: Bool
        var authority: String

        init?(_ url: String) {
            let lower = url.lowercased()
            let rest: Substring
            if lower.hasPrefix("https://") {
                secure = true
                rest = url.dropFirst("https://".count)
            } else if lower.hasPrefix("http://") {
                secure = false
                rest = url.dropFirst("http://".count)
            } else {
                return nil
            }
            let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
            var host = rest[..<end]
            if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }  // never carry user-info
            guard !host.isEmpty else { return nil }
            authority = String(host)
        }

        var text: String { (secure ? "https://" : "http://") + authority }
        var swapped: Origin {
            var other = self
            other.secure.toggle()
            return other
        }
    }
}
