import CCurl

/// Sets the libcurl options of one transfer and owns the header lists they
/// point to (free them with `freeLists` after `curl_easy_perform`).
struct CurlOptions {
    let easy: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var connectToList: UnsafeMutablePointer<curl_slist>?

    init(easy: UnsafeMutableRawPointer) {
        self.easy = easy
    }

    mutating func freeLists() {
        curl_slist_free_all(headerList)
        curl_slist_free_all(connectToList)
        headerList = nil
        connectToList = nil
    }

    func set(_ option: CURLoption, _ value: Int) { _ = ccurl_setopt_long(easy, option, value) }
    func set(_ option: CURLoption, _ value: String?) { _ = ccurl_setopt_string(easy, option, value) }
    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) { _ = ccurl_setopt_pointer(easy, option, pointer) }

    /// Hands bytes to libcurl as a blob it copies.
    func set(_ option: CURLoption, blob bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var blob = curl_blob(
                data: UnsafeMutableRawPointer(mutating: raw.baseAddress), len: raw.count, flags: CCURL_BLOB_COPY)
            _ = ccurl_setopt_blob(easy, option, &blob)
        }
    }

    mutating func configure(request: HTTPRequest, target: RequestTarget, client: HTTPClient) {
        set(CURLOPT_URL, target.url)
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_PROTOCOLS_STR, "http,https")
        set(CURLOPT_USERAGENT, client.userAgent)
        set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(client.connectTimeout))
        set(CURLOPT_TIMEOUT_MS, Self.milliseconds(client.totalTimeout(for: request)))
        set(CURLOPT_TCP_KEEPALIVE, 1)
        set(CURLOPT_TCP_KEEPIDLE, 30)
        set(CURLOPT_TCP_KEEPINTVL, 15)
        // HTTP/2 where the server offers it over TLS (ALPN); HTTP/1.1 otherwise.
        set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        // Every encoding libcurl decodes (gzip, deflate, br, zstd), said in Accept-Encoding.
        set(CURLOPT_ACCEPT_ENCODING, "")
        // The embedded cluster and other loopback servers are never reached through a proxy.
        if target.isLoopback { set(CURLOPT_PROXY, "") }
        configureMethod(request)
        configureHeaders(request, target: target)
        configureTLS(client.tls, identity: request.clientIdentity, target: target)
    }

    private func configureMethod(_ request: HTTPRequest) {
        switch request.method {
        case .get:
            set(CURLOPT_HTTPGET, 1)
        case .head:
            set(CURLOPT_NOBODY, 1)
        case .post:
            set(CURLOPT_POST, 1)
            setBody(request.body ?? [])
        case .put, .patch:
            setBody(request.body ?? [])
            set(CURLOPT_CUSTOMREQUEST, request.method.rawValue)
        case .delete:
            if let body = request.body { setBody(body) }
            set(CURLOPT_CUSTOMREQUEST, request.method.rawValue)
        }
    }

    private func setBody(_ body: [UInt8]) {
        _ = ccurl_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
        if body.isEmpty {
            set(CURLOPT_COPYPOSTFIELDS, "")
        } else {
            body.withUnsafeBytes { raw in
                _ = ccurl_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
            }
        }
    }

    private mutating func configureHeaders(_ request: HTTPRequest, target: RequestTarget) {
        var lines: [String] = []
        var names = Set<String>()
        for header in request.headers {
            names.insert(header.name.lowercased())
            // "Name:" would delete a libcurl default; an empty value is sent as "Name;".
            // CR or LF would end the line early and let a value inject further header lines.
            let name = Self.singleLine(header.name)
            let value = Self.singleLine(header.value)
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        if request.body != nil || request.method == .put || request.method == .patch || request.method == .post,
           !names.contains("content-type") {
            lines.append("Content-Type:")  // drop libcurl's form-urlencoded default
        }
        if !names.contains("expect") { lines.append("Expect:") }  // no 100-continue round trip
        if let host = target.hostHeader, !names.contains("host") { lines.append("Host: \(host)") }
        for line in lines { headerList = Self.append(line, to: headerList) }
        _ = ccurl_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)
    }

    private mutating func configureTLS(_ tls: TLSOptions, identity: ClientIdentity?, target: RequestTarget) {
        if let ca = tls.caPEM {
            set(CURLOPT_CAINFO_BLOB, blob: ca)
            set(CURLOPT_CAPATH, nil as String?)  // trust only the given CA, like kubectl
        }
        if let cert = identity?.certificatePEM ?? tls.clientCertificatePEM {
            set(CURLOPT_SSLCERT_BLOB, blob: cert)
            set(CURLOPT_SSLCERTTYPE, "PEM")
        }
        if let key = identity?.keyPEM ?? tls.clientKeyPEM {
            set(CURLOPT_SSLKEY_BLOB, blob: key)
            set(CURLOPT_SSLKEYTYPE, "PEM")
        }
        if tls.insecureSkipVerify {
            set(CURLOPT_SSL_VERIFYPEER, 0)
            set(CURLOPT_SSL_VERIFYHOST, 0)
        }
        if let rule = target.connectTo {
            connectToList = Self.append(rule, to: connectToList)
            _ = ccurl_setopt_slist(easy, CURLOPT_CONNECT_TO, connectToList)
        }
    }

    /// Installs the header, body and progress callbacks; `context` is an unmanaged `TransferSink`.
    func installCallbacks(context: UnsafeMutableRawPointer, watchCancel: Bool) {
        let onHeader: ccurl_data_callback = { pointer, size, count, context in
            let length = size * count
            guard let pointer, let context else { return length }
            let sink = Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue()
            sink.receiveHeader(UnsafeBufferPointer(
                start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: length))
            return length
        }
        let onBody: ccurl_data_callback = { pointer, size, count, context in
            let length = size * count
            guard let pointer, let context else { return length }
            let sink = Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue()
            let bytes = UnsafeBufferPointer(
                start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: length)
            return sink.receiveData(bytes) ? length : 0
        }
        let onProgress: ccurl_xferinfo_callback = { context, _, _, _, _ in
            guard let context else { return 0 }
            return Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue().shouldCancel() ? 1 : 0
        }
        _ = ccurl_setopt_callback(easy, CURLOPT_HEADERFUNCTION, onHeader)
        set(CURLOPT_HEADERDATA, pointer: context)
        _ = ccurl_setopt_callback(easy, CURLOPT_WRITEFUNCTION, onBody)
        set(CURLOPT_WRITEDATA, pointer: context)
        if watchCancel {
            _ = ccurl_setopt_xferinfo(easy, onProgress)
            set(CURLOPT_XFERINFODATA, pointer: context)
            set(CURLOPT_NOPROGRESS, 0)
        }
    }

    /// Appends a line to a libcurl list. On allocation failure libcurl returns nil and leaves the
    /// old list alone; keeping it (one header short) means `freeLists` still frees every node.
    private static func append(
        _ line: String, to list: UnsafeMutablePointer<curl_slist>?
    ) -> UnsafeMutablePointer<curl_slist>? {
        curl_slist_append(list, line) ?? list
    }

    /// The text without CR and LF.
    private static func singleLine(_ text: String) -> String {
        text.contains(where: \.isNewline) ? String(text.filter { !$0.isNewline }) : text
    }

    static func milliseconds(_ seconds: Double) -> Int {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return Int((seconds * 1000).rounded(.up))
    }
}
