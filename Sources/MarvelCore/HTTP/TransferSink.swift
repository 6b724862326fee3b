/// Collects what one libcurl transfer receives: the status line, the
/// response headers and the body, or hands body pieces to a streaming
/// consumer. libcurl's C callbacks reach it through an unmanaged pointer;
/// it lives on the calling thread for the duration of `curl_easy_perform`.
final class TransferSink {
    /// The status of the latest status line seen (0 before any).
    private(set) var status = 0
    /// Header names lower-cased; reset at each new status line (100 Continue, etc.).
    private(set) var headers: [String: String] = [:]
    /// The collected body (whole responses, or the error body of a stream).
    private(set) var body: [UInt8] = []
    /// Set when the streaming consumer returned false.
    private(set) var stoppedByCaller = false
    /// Set when the cancel flag stopped the transfer.
    private(set) var cancelled = false
    /// Set when a whole (non-streamed) body grew past `bodyLimit`.
    private(set) var bodyTooLarge = false

    private let onData: ((ArraySlice<UInt8>) -> Bool)?
    private let cancel: CancelFlag?
    private let statistics: TransferStatistics?
    /// Error bodies of streams are kept only up to this size (enough for a Status object).
    private let errorBodyLimit = 64 * 1024
    /// Largest whole body collected for `send`.
    let bodyLimit: Int

    init(
        onData: ((ArraySlice<UInt8>) -> Bool)? = nil, cancel: CancelFlag? = nil, bodyLimit: Int = .max,
        statistics: TransferStatistics? = nil
    ) {
        self.onData = onData
        self.cancel = cancel
        self.bodyLimit = bodyLimit
        self.statistics = statistics
    }

    /// Whether a cancel flag needs libcurl's progress callback.
    var watchesCancel: Bool { cancel != nil }

    /// Whether the cancel flag has been raised; records it for the error mapping.
    func shouldCancel() -> Bool {
        if let cancel, cancel.isCancelled {
            cancelled = true
            return true
        }
        return false
    }

    /// One header line as libcurl delivers it, CRLF included. The blank line that ends
    /// a 2xx answer's headers hands a streaming consumer an empty piece ("the stream is open").
    func receiveHeader(_ line: UnsafeBufferPointer<UInt8>) {
        statistics?.received(line.count)
        var end = line.count
        while end > 0, line[end - 1] == 0x0D || line[end - 1] == 0x0A { end -= 1 }
        if end == 0 {
            if let onData, (200..<300).contains(status), !cancelled, !onData([]) { stoppedByCaller = true }
            return
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: line[0..<end]), as: UTF8.self)
        if text.hasPrefix("HTTP/") {
            let parts = text.split(separator: " ", maxSplits: 2)
            // A status code is exactly three digits (RFC 9110 15); anything else reads as 0.
            status = parts.count > 1 && parts[1].utf8.count == 3 ? HTTPNumber.decimal(parts[1]) ?? 0 : 0
            headers = [:]
            return
        }
        guard let colon = text.firstIndex(of: ":") else { return }
        let name = text[..<colon].httpTrimmed().lowercased()
        let value = text[text.index(after: colon)...].httpTrimmed()
        guard !name.isEmpty else { return }
        headers[name] = value
    }

    /// A piece of the body. Returns false to make libcurl abort the transfer.
    func receiveData(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if shouldCancel() { return false }
        statistics?.received(bytes.count)
        if let onData, (200..<300).contains(status) {
            if !onData(ArraySlice(bytes)) {
                stoppedByCaller = true
                return false
            }
            return true
        }
        if onData != nil {
            let room = max(0, errorBodyLimit - body.count)
            body.append(contentsOf: bytes.prefix(room))
        } else {
            guard bytes.count <= bodyLimit - body.count else {
                bodyTooLarge = true
                return false
            }
            body.append(contentsOf: bytes)
        }
        return true
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    fileprivate func httpTrimmed() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }),
              let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
