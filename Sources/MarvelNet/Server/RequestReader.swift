import MarvelCore

/// Reads one complete request (head and body) from a connection and applies the
/// server's limits: deadlines for waiting, the head and the body (408), the head's size
/// and field count (431) and the body's size (413).
struct RequestReader {
    let limits: ServerLimits

    /// One read attempt's outcome.
    enum Outcome {
        case request(ServerRequest, RequestHead)
        /// The peer closed between requests (or stayed idle too long).
        case closed
        /// Answer with this status and close the connection.
        case reject(status: Int, message: String)
    }

    /// Reads the next request; `sendContinue` is called before reading a body the client
    /// announced with `Expect: 100-continue`.
    func next<Source: ByteSource>(from reader: inout ByteReader<Source>, sendContinue: () -> Bool) -> Outcome {
        reader.deadline = .now + limits.idleTimeout
        guard reader.waitForData() else { return .closed }
        reader.deadline = .now + limits.headerTimeout
        let headBytes: [UInt8]
        switch reader.readHead(limit: limits.maxHeadBytes) {
        case .bytes(let bytes): headBytes = bytes
        case .closed(let partial):
            return partial ? .reject(status: 400, message: "incomplete request head") : .closed
        case .timedOut:
            return .reject(status: 408, message: "request head not complete within \(ServerLimits.seconds(limits.headerTimeout))")
        case .tooLarge:
            return .reject(status: 431, message: "request head larger than \(ServerLimits.size(limits.maxHeadBytes))")
        }

        let head: RequestHead
        do {
            head = try RequestHead.parse(headBytes, maxFields: limits.maxHeaderFields)
        } catch {
            return .reject(status: error.status, message: error.message)
        }
        let path: String
        let query: [String: String]
        switch RequestTargetDecoder.decode(head.target) {
        case .success(let decoded): (path, query) = decoded
        case .failure(let refusal): return .reject(status: 400, message: refusal.message)
        }

        let framing: BodyFraming
        switch BodyFraming.of(head, limit: limits.maxBodyBytes) {
        case .success(let f): framing = f
        case .failure(let rejection): return .reject(status: rejection.status, message: rejection.message)
        }
        if head.isHTTP11, framing.expectsBytes, head.tokens("expect").contains("100-continue") {
            guard sendContinue() else { return .closed }
        }
        reader.deadline = .now + limits.bodyTimeout
        let body: [UInt8]
        switch framing.read(from: &reader, limits: limits) {
        case .success(let bytes): body = bytes
        case .failure(let rejection):
            if reader.timedOut {
                return .reject(status: 408, message: "request body not complete within \(ServerLimits.seconds(limits.bodyTimeout))")
            }
            return .reject(status: rejection.status, message: rejection.message)
        }
        let request = ServerRequest(method: head.method, path: path, query: query, headers: head.headers, body: body)
        return .request(request, head)
    }
}

/// How a request body is delimited.
enum BodyFraming {
    case none
    case length(Int)
    case chunked

    typealias Rejection = RequestHead.Rejection

    var expectsBytes: Bool {
        switch self {
        case .none: return false
        case .length(let n): return n > 0
        case .chunked: return true
        }
    }

    static func of(_ head: RequestHead, limit: Int) -> Result<BodyFraming, Rejection> {
        let codings = head.tokens("transfer-encoding")
        if !codings.isEmpty {
            guard codings.last == "chunked" else {
                return .failure(Rejection(status: 501, message: "unsupported transfer coding \(codings.joined(separator: ", "))"))
            }
            return .success(.chunked)
        }
        guard let raw = head.headers["content-length"] else { return .success(.none) }
        // Repeated fields (joined by ", ") must all say the same number.
        let values = Set(raw.split(separator: ",", omittingEmptySubsequences: false).map { $0.httpTrimming(" \t") })
        guard values.count == 1, let text = values.first else {
            return .failure(Rejection(status: 400, message: "invalid Content-Length"))
        }
        switch HTTPNumber.parse(text, radix: 10, limit: limit) {
        case .value(let length): return .success(.length(length))
        case .tooLarge: return .failure(Rejection(status: 413, message: "request body larger than \(ServerLimits.size(limit))"))
        case .invalid: return .failure(Rejection(status: 400, message: "invalid Content-Length"))
        }
    }

    func read<Source: ByteSource>(from reader: inout ByteReader<Source>, limits: ServerLimits) -> Result<[UInt8], Rejection> {
        switch self {
        case .none:
            return .success([])
        case .length(let count):
            guard let bytes = reader.read(count: count) else {
                return .failure(Rejection(status: 400, message: "request body shorter than Content-Length"))
            }
            return .success(bytes)
        case .chunked:
            return Self.readChunked(from: &reader, limits: limits)
        }
    }

    /// `chunk-size [BWS ; extensions] CRLF data CRLF` … `0 CRLF` trailer fields CRLF (RFC 9112 7.1).
    private static func readChunked<Source: ByteSource>(
        from reader: inout ByteReader<Source>, limits: ServerLimits
    ) -> Result<[UInt8], Rejection> {
        var body: [UInt8] = []
        let tooLarge = Rejection(status: 413, message: "request body larger than \(ServerLimits.size(limits.maxBodyBytes))")
        while true {
            guard case .bytes(let line) = reader.readLine(limit: 4096) else {
                return .failure(Rejection(status: 400, message: "incomplete chunked body"))
            }
            var sizeField = line.prefix(while: { $0 != UInt8(ascii: ";") })
            while let last = sizeField.last, last == 0x20 || last == 0x09 { sizeField.removeLast() }
            let size: Int
            switch HTTPNumber.parse(sizeField, radix: 16, limit: limits.maxBodyBytes - body.count) {
            case .value(let v): size = v
            case .tooLarge: return .failure(tooLarge)
            case .invalid: return .failure(Rejection(status: 400, message: "invalid chunk size"))
            }
            if size == 0 { break }
            guard let data = reader.read(count: size), case .bytes(let end) = reader.readLine(limit: 2), end.isEmpty else {
                return .failure(Rejection(status: 400, message: "malformed chunk"))
            }
            body.append(contentsOf: data)
        }
        // Trailer fields, up to the blank line, are read and dropped.
        var trailerBytes = 0
        while true {
            guard case .bytes(let line) = reader.readLine(limit: limits.maxHeadBytes) else {
                return .failure(Rejection(status: 400, message: "incomplete chunked trailer"))
            }
            if line.isEmpty { return .success(body) }
            trailerBytes += line.count
            if trailerBytes > limits.maxHeadBytes {
                return .failure(Rejection(status: 431, message: "chunked trailer larger than \(ServerLimits.size(limits.maxHeadBytes))"))
            }
        }
    }
}

extension StringProtocol {
    /// The text without the given leading and trailing characters.
    fileprivate func httpTrimming(_ set: String) -> String {
        guard let first = firstIndex(where: { !set.contains($0) }),
              let last = lastIndex(where: { !set.contains($0) }) else { return "" }
        return String(self[first...last])
    }
}
