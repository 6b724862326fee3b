import MarvelCore

/// The federated server's protocol (`FedLService`, MarvelCore) served by the shared HTTP
/// server: `HTTPServer(host:port:handler: FedLService(coordinator: …))`.
extension FedLService: ServerHandler {
    public func handle(_ request: ServerRequest) -> ServerResponse {
        let answer = respond(FedLRequest(method: request.method, path: request.path, query: request.query,
                                         headers: request.headers, body: request.body))
        return ServerResponse(status: answer.status, headers: [(name: "Content-Type", value: answer.contentType)],
                              body: .bytes(answer.body))
    }
}
