/// Reads the requests in a byte stream exactly as a server connection does — the same
/// parser, limits and rejections — from memory instead of a socket: the request reader's
/// entry for fuzzing and for tests that need no server.
public enum RequestStreamReader {
    /// A request the server would refuse: the status it answers and its one-line reason.
    public struct Rejection: Error, Sendable, Equatable {
        public var status: Int
        public var message: String
    }

    /// The requests in `bytes`, in order, up to the end of the stream or the first
    /// rejection (after which a connection is closed). `pieceLengths` splits the bytes
    /// into the pieces the reader receives one at a time (the rest comes in one piece).
    public static func read(
        _ bytes: [UInt8], pieceLengths: [Int] = [], limits: ServerLimits = ServerLimits()
    ) -> (requests: [ServerRequest], rejection: Rejection?) {
        var reader = ByteReader(source: MemoryByteSource(bytes, pieceLengths: pieceLengths))
        let requests = RequestReader(limits: limits)
        var served: [ServerRequest] = []
        while true {
            switch requests.next(from: &reader, sendContinue: { true }) {
            case .closed:
                return (served, nil)
            case .reject(let status, let message):
                return (served, Rejection(status: status, message: message))
            case .request(let request, _):
                served.append(request)
            }
        }
    }
}
