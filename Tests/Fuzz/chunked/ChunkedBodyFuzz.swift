import MarvelNet

/// The chunked-body decoder alone: the input is the body of a chunked POST (sizes,
/// extensions, data, trailers), cut into pieces by the first byte.
enum ChunkedBodyFuzz {
    static let head = Array("POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: fuzz\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)

    static let target = FuzzTarget(name: "chunked", summary: "chunked transfer-coding decoder (sizes, extensions, trailers)") { bytes in
        guard let first = bytes.first else { return }
        let stream = head + bytes.dropFirst()
        let pieces = first == 0 ? [] : Array(repeating: Int(first % 16) + 1, count: stream.count)
        let result = RequestStreamReader.read(stream, pieceLengths: pieces, limits: ServerLimits(maxBodyBytes: 16384))
        if let request = result.requests.first { precondition(request.body.count <= 16384, "a body over the limit was accepted") }
    }
}
