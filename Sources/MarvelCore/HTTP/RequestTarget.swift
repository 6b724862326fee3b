import CCurl

/// The parts of a request URL the client needs: where to connect, and, when a
/// TLS server name is given, the rewritten URL plus the CONNECT_TO rule that
/// makes libcurl dial the original host while SNI and verification use the name.
struct RequestTarget {
    /// The URL handed to libcurl.
    var url: String
    /// The host as written in the URL (IPv6 in brackets).
    var host: String
    var isLoopback: Bool
    /// "NAME:PORT:HOST:PORT" when the server name differs from the URL's host.
    var connectTo: String?
    /// The Host header to send when the URL was rewritten.
    var hostHeader: String?

    /// Parses `url`; nil when it is not a valid http(s) URL.
    init?(url: String, serverName: String?) {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK,
              let scheme = Self.part(handle, CURLUPART_SCHEME, flags: 0)?.lowercased(),
              scheme == "http" || scheme == "https",
              let host = Self.part(handle, CURLUPART_HOST, flags: 0), !host.isEmpty,
              let port = Self.part(handle, CURLUPART_PORT, flags: CCURLU_DEFAULT_PORT)
        else { return nil }
        self.url = url
        self.host = host
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        isLoopback = bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")

        if let name = serverName, !name.isEmpty, name.lowercased() != host.lowercased(), scheme == "https" {
            guard curl_url_set(handle, CURLUPART_HOST, name, 0) == CURLUE_OK,
                  let rewritten = Self.part(handle, CURLUPART_URL, flags: 0)
            else { return nil }
            self.url = rewritten
            connectTo = "\(name):\(port):\(host):\(port)"
            let explicitPort = Self.part(handle, CURLUPART_PORT, flags: 0)
            hostHeader = explicitPort.map { "\(host):\($0)" } ?? host
        }
    }

    private static func part(_ handle: OpaquePointer, _ what: CURLUPart, flags: UInt32) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, what, &value, flags) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
