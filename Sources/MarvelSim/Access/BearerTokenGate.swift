import Foundation
import MarvelCore
import MarvelNet

/// Authentication in front of the API, as kube-apiserver with static tokens:
/// a request must carry `Authorization: Bearer <token>` with an accepted token,
/// or it gets a 401 Status (with `WWW-Authenticate`). Requests without any
/// Authorization header may still read the public health and version paths
/// (`system:public-info-viewer`); a wrong token is refused everywhere.
struct BearerTokenGate: ServerHandler {
    static let publicPaths: Set<String> = ["/healthz", "/livez", "/readyz", "/version"]

    var tokens: AccessTokens
    var next: any ServerHandler

    func handle(_ request: ServerRequest) -> ServerResponse {
        guard tokens.required else { return next.handle(request) }
        guard let header = request.headers["authorization"] else {
            if Self.publicPaths.contains(request.path) { return next.handle(request) }
            return Self.unauthorized
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", tokens.accepts(String(parts[1]).trimmingCharacters(in: .whitespaces))
        else { return Self.unauthorized }
        return next.handle(request)
    }

    static var unauthorized: ServerResponse {
        var response = APIStatus(code: 401, reason: "Unauthorized", message: "Unauthorized").response
        response.headers.append(("WWW-Authenticate", #"Bearer realm="kubernetes""#))
        return response
    }
}
