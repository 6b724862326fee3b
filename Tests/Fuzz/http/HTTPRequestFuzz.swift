import MarvelNet

/// The embedded server's request reader on a byte stream: request line, header fields,
/// target decoding, Content-Length and chunked bodies, pipelining. The first byte chooses
/// how the stream is cut into the pieces `recv` would return.
enum HTTPRequestFuzz {
    static let target = FuzzTarget(name: "http", summary: "embedded server's HTTP/1.1 request reader, arbitrary recv boundaries") { bytes in
        guard let first = bytes.first else { return }
        let stream = Array(bytes.dropFirst())
        let pieces = first == 0 ? [] : Array(repeating: Int(first), count: stream.count / Int(first) + 1)
        let limits = ServerLimits(maxHeadBytes: 4096, maxHeaderFields: 20, maxBodyBytes: 8192)
        _ = RequestStreamReader.read(stream, pieceLengths: pieces, limits: limits)
    }
}
