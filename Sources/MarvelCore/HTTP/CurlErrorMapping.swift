import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// Everything known about a failed libcurl transfer, turned into an `HTTPError`.
struct CurlFailure {
    var code: CURLcode
    /// libcurl's CURLOPT_ERRORBUFFER text (may be empty).
    var message: String
    /// The OS errno of the last connect failure (0 if none).
    var osErrno: Int

    func error(url: String, host: String, connectTimeout: Double, totalTimeout: Double) -> HTTPError {
        let detail = self.detail
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST:
            return .nameResolution(host: host)
        case CURLE_COULDNT_CONNECT:
            return .connect(url: url, detail: detail)
        case CURLE_OPERATION_TIMEDOUT:
            if message.contains("Resolving timed out") { return .nameResolution(host: host) }
            // libcurl words the two expiries differently: "Connection timed out after …" /
            // "Failed to connect … Timeout was reached" vs "Operation timed out after …".
            if !message.hasPrefix("Operation timed out") {
                let seconds = totalTimeout > 0 ? min(connectTimeout, totalTimeout) : connectTimeout
                return .timeout(url: url, seconds: seconds)
            }
            return .timeout(url: url, seconds: totalTimeout)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidURL(url)
        case CURLE_PEER_FAILED_VERIFICATION:
            return .tls(url: url, detail: "\(detail); check the CA (certificate-authority) and the server name")
        case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE,
             CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
             CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_USE_SSL_FAILED:
            return .tls(url: url, detail: detail)
        case CURLE_SEND_ERROR where looksLikeTLS, CURLE_RECV_ERROR where looksLikeTLS:
            return .tls(url: url, detail: detail)
        case CURLE_ABORTED_BY_CALLBACK:
            return .cancelled(url: url)
        default:
            return .transport(url: url, detail: detail)
        }
    }

    /// A send/receive failure that OpenSSL reported (e.g. the server's "certificate required" alert).
    private var looksLikeTLS: Bool { message.contains("SSL") || message.contains("alert") }

    /// libcurl's message, with the OS reason ("Connection refused") when it adds something.
    private var detail: String {
        var text = message.isEmpty ? String(cString: curl_easy_strerror(code)) : message
        if osErrno != 0, let reason = strerror(Int32(osErrno)).map({ String(cString: $0) }),
           !text.localizedLowercaseContains(reason) {
            text += " (\(reason.lowercased()))"
        }
        return text
    }
}

extension String {
    fileprivate func localizedLowercaseContains(_ other: String) -> Bool {
        lowercased().contains(other.lowercased())
    }
}
