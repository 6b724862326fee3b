/// One client connection, served on its own thread: requests are read,
/// handed to the handler and answered in order until either side closes,
/// the connection waits or sends too slowly (see `ServerLimits`), or the
/// registry pushes it out to make room.
struct HTTPConnection: Sendable {
    let socket: Socket
    let handler: any ServerHandler
    let registry: ConnectionRegistry
    let limits: ServerLimits

    func run() {
        defer { registry.close(socket) }
        socket.configureConnection(sendTimeout: limits.sendTimeoutSeconds)
        var reader = ByteReader(source: socket)
        let requests = RequestReader(limits: limits)
        let writer = ResponseWriter(socket: socket, registry: registry)
        while !registry.isStopped {
            registry.markWaiting(socket)
            let outcome = requests.next(from: &reader) {
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
                guard registry.markServing(socket) else { return }
                let response = handler.handle(request)
                guard !registry.isStopped,
                      writer.write(response, for: head, keepAlive: head.keepAlive)
                else { return }
            }
        }
    }
}
