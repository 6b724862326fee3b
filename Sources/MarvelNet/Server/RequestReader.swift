/// Reads one complete request (head and body) from a connection and applies
/// the limits: 64 KiB of head (431) and 16 MiB of body (413).
struct RequestReader {
    static let headLimit = 64 * 1024
    static let bodyLimit = 16 * 1024 * 1024

    /// One read attempt's outcome.
    enum Outcome {
        case request(ServerRequest, RequestHead)
        /// The peer closed between requests (or stayed idle too long).
        case closed
        /// Answer with this status and close the connection.
        case reject(status: Int, message: String)
    }

    /// Reads the next request; `sendContinue` is called before reading a body
    /// the client announced with `Expect: 100-continue`.
    static func next(from reader: inout SocketReader, sendContinue: () -> Bool) -> Outcome {
        let headBytes: [UInt8]
        switch reader.readHead(limit: headLimit) {
        case .bytes(let bytes): headBytes = bytes
        case .closed(let partial):
            return partial ? .reject(status: 400, message: "incomplete request head") : .closed
        case .tooLarge: return .reject(status: 431, message: "request head larger than 64 KiB")
        }

        let head: RequestHead
        do {
            head = try RequestHead.parse(headBytes)
        } catch {
            return .reject(status: error.status, message: error.message)
        }
        guard let (path, query) = RequestTargetDecoder.decode(head.target) else {
            return .reject(status: 400, message: "malformed request target")
        }

        let framing: BodyFraming
        switch BodyFraming.of(head) {
        case .success(let f): framing = f
        case .failure(let rejection): return .reject(status: rejection.status, message: rejection.message)
        }
        if head.isHTTP11, framing.expectsBytes, head.tokens("expect").contains("100-continue") {
            guard sendContinue() else { return .closed }
        }
        let body: [UInt8]
        switch framing.read(from: &reader, limit: bodyLimit) {
        case .success(let bytes): body = bytes
        case .failure(let rejection): return .reject(status: rejection.status, message: rejection.message)
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

    static func of(_ head: RequestHead) -> Result<BodyFraming, Rejection> {
        let codings = head.tokens("transfer-encoding")
        if !codings.isEmpty {
            guard codings.last == "chunked" else {
                return .failure(Rejection(status: 501, message: "unsupported transfer coding \(codings.joined(separator: ", "))"))
            }
            return .success(.chunked)
        }
        guard let raw = head.headers["content-length"] else { return .success(.none) }
        let values = Set(raw.split(separator: ",").map { $0.httpTrimming(" \t") })
        guard values.count == 1, let text = values.first, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        else { return .failure(Rejection(status: 400, message: "invalid Content-Length")) }
        guard text.count <= 10, let length = Int(text), length <= RequestReader.bodyLimit else {
            return .failure(Rejection(status: 413, message: "request body larger than 16 MiB"))
        }
        return .success(.length(length))
    }

    func read(from reader: inout SocketReader, limit: Int) -> Result<[UInt8], Rejection> {
        switch self {
        case .none:
            return .success([])
        case .length(let count):
            guard let bytes = reader.read(count: count) else {
                return .failure(Rejection(status: 400, message: "request body shorter than Content-Length"))
            }
            return .success(bytes)
        case .chunked:
            return Self.readChunked(from: &reader, limit: limit)
        }
    }

    private static func readChunked(from reader: inout SocketReader, limit: Int) -> Result<[UInt8], Rejection> {
        var body: [UInt8] = []
        while true {
            guard case .bytes(let line) = reader.readLine(limit: 4096) else {
                return .failure(Rejection(status: 400, message: "incomplete chunked body"))
            }
            let sizeField = line.prefix(while: { $0 != UInt8(ascii: ";") })
            let sizeText = String(decoding: sizeField, as: UTF8.self).httpTrimming(" \t")
            guard !sizeText.isEmpty, sizeText.count <= 8, let size = Int(sizeText, radix: 16) else {
                return .failure(Rejection(status: 400, message: "invalid chunk size"))
            }
            if size == 0 { break }
            guard body.count + size <= limit else {
                return .failure(Rejection(status: 413, message: "request body larger than 16 MiB"))
            }
            guard let data = reader.read(count: size), case .bytes(let end) = reader.readLine(limit: 2), end.isEmpty else {
                return .failure(Rejection(status: 400, message: "malformed chunk"))
            }
            body.append(contentsOf: data)
        }
        // Trailer fields, up to the blank line, are read and dropped.
        var trailerBytes = 0
        while true {
            guard case .bytes(let line) = reader.readLine(limit: RequestReader.headLimit) else {
                return .failure(Rejection(status: 400, message: "incomplete chunked trailer"))
            }
            if line.isEmpty { return .success(body) }
            trailerBytes += line.count
            if trailerBytes > RequestReader.headLimit {
                return .failure(Rejection(status: 431, message: "chunked trailer larger than 64 KiB"))
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
