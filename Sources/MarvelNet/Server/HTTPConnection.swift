/// One client connection, served on its own thread: requests are read,
/// handed to the handler and answered in order until either side closes.
struct HTTPConnection: Sendable {
    let socket: Socket
    let handler: any ServerHandler
    let registry: ConnectionRegistry

    /// Seconds an idle keep-alive connection (or a stalled request) is kept.
    static let idleTimeout = 300
    /// Seconds a response write may stall before the client counts as gone.
    static let sendTimeout = 60

    func run() {
        defer { registry.close(socket) }
        socket.configureConnection(receiveTimeout: Self.idleTimeout, sendTimeout: Self.sendTimeout)
        var reader = SocketReader(socket: socket)
        let writer = ResponseWriter(socket: socket, registry: registry)
        while !registry.isStopped {
            let outcome = RequestReader.next(from: &reader) {
                socket.sendAll(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
            }
            switch outcome {
            case .closed:
                return
            case .reject(let status, let message):
                writer.writeRejection(status: status, message: message, http11: true)
                socket.shutdownWrite()
                socket.drain(limit: 4 * 1024 * 1024, seconds: 1)
                return
            case .request(let request, let head):
                let response = handler.handle(request)
                guard !registry.isStopped,
                      writer.write(response, for: head, keepAlive: head.keepAlive)
                else { return }
            }
        }
    }
}
