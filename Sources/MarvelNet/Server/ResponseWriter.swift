import MarvelCore

/// Serialises handler responses onto a connection: Content-Length for whole
/// bodies, chunked transfer coding for streams, no body for HEAD, 1xx, 204 and 304.
struct ResponseWriter {
    let socket: Socket
    let registry: ConnectionRegistry

    /// Header fields the writer owns; a handler's values for them are dropped.
    private static let framingFields: Set<String> = ["content-length", "transfer-encoding", "connection"]

    /// Sends `response`; returns whether the connection may carry another request.
    func write(_ response: ServerResponse, for head: RequestHead, keepAlive requested: Bool) -> Bool {
        let isHead = head.method == "HEAD"
        let noBody = (100..<200).contains(response.status) || response.status == 204 || response.status == 304
        let handlerCloses = response.headers.contains {
            $0.name.lowercased() == "connection" && $0.value.lowercased().contains("close")
        }
        var keepAlive = requested && !handlerCloses

        switch response.body {
        case .bytes(let body):
            var fields: [(String, String)] = []
            if response.status != 204 && !(100..<200).contains(response.status) {
                fields.append(("Content-Length", String(body.count)))
            }
            let headBytes = Self.head(response, extra: fields, keepAlive: keepAlive, http11: head.isHTTP11)
            let payload = isHead || noBody ? headBytes : headBytes + body
            return socket.sendAll(payload) && keepAlive
        case .stream(let produce):
            let chunked = head.isHTTP11
            if !chunked { keepAlive = false }
            let fields = chunked && !noBody ? [("Transfer-Encoding", "chunked")] : []
            let headBytes = Self.head(response, extra: fields, keepAlive: keepAlive, http11: head.isHTTP11)
            guard socket.sendAll(headBytes) else { return false }
            if isHead || noBody { return keepAlive }
            let sink = ChunkedSink(socket: socket, registry: registry, chunked: chunked)
            produce(sink)
            return sink.finish() && keepAlive
        }
    }

    /// A plain-text response for a rejected request; the connection closes after it.
    func writeRejection(status: Int, message: String, http11: Bool) {
        let body = Array("\(message)\n".utf8)
        let response = ServerResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")])
        let head = Self.head(
            response, extra: [("Content-Length", String(body.count))], keepAlive: false, http11: http11)
        _ = socket.sendAll(head + body)
    }

    private static func head(
        _ response: ServerResponse, extra: [(String, String)], keepAlive: Bool, http11: Bool
    ) -> [UInt8] {
        var text = "HTTP/1.1 \(response.status) \(HTTPStatusText.phrase(for: response.status))\r\n"
        for field in response.headers where !framingFields.contains(field.name.lowercased()) {
            text += "\(clean(field.name)): \(clean(field.value))\r\n"
        }
        for (name, value) in extra { text += "\(name): \(value)\r\n" }
        if !keepAlive {
            text += "Connection: close\r\n"
        } else if !http11 {
            text += "Connection: keep-alive\r\n"
        }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// A field name or value without CR or LF, so a handler can never split the header.
    private static func clean(_ text: String) -> String {
        text.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" })
            ? String(text.filter { $0 != "\r" && $0 != "\n" && $0 != "\r\n" }) : text
    }
}
