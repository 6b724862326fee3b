import Foundation
import MarvelCore
import MarvelNet

/// Applies a `FaultInjector` in front of the API: logs each request, holds it
/// while the injector is frozen, answers a matching rejection, and turns a
/// watch (or continue token) from an expired resource version into a 410.
struct FaultInjectingHandler: ServerHandler {
    /// Longest a frozen request is held (a frozen server must not pin threads forever).
    static let maxHold = 600.0

    var faults: FaultInjector
    var next: any ServerHandler

    func handle(_ request: ServerRequest) -> ServerResponse {
        _ = faults.waitWhileFrozen(until: Date().addingTimeInterval(Self.maxHold))
        if let rejection = faults.arrive(method: request.method, path: request.path, query: request.query) {
            var response = APIStatus(
                code: rejection.status, reason: rejection.reason,
                message: rejection.status == 429 ? "Too many requests, please try again later." : "injected failure"
            ).response
            if let seconds = rejection.retryAfter { response.headers.append(("Retry-After", String(seconds))) }
            return response
        }
        let watch = request.query["watch"] == "1" || request.query["watch"] == "true"
        if watch, let rv = Int(request.query["resourceVersion"] ?? ""), faults.isExpired(rv) {
            let status = APIStatus(
                code: 410, reason: "Expired", message: "too old resource version: \(rv); list again and watch from its resourceVersion")
            let line: JSONValue = ["type": "ERROR", "object": status.json]
            return ServerResponse(
                status: 200, headers: [("Content-Type", "application/json")],
                body: .stream { sink in _ = sink.write(line.jsonBytes() + [0x0A]) })
        }
        if let token = request.query["continue"], !token.isEmpty, let version = ContinueToken.version(of: token),
            faults.isExpired(version)
        {
            return APIStatus(
                code: 410, reason: "Expired",
                message: "The provided continue parameter is too old to display a consistent list result. "
                    + "You can start a new list without the continue parameter.").response
        }
        var response = next.handle(request)
        if case .stream(let produce) = response.body {
            // A frozen server sends nothing on open streams either.
            let faults = self.faults
            response.body = .stream { sink in produce(FreezableSink(sink: sink, faults: faults)) }
        }
        return response
    }
}

/// Holds each write of a stream while the injector is frozen.
struct FreezableSink: ChunkSink {
    var sink: any ChunkSink
    var faults: FaultInjector

    func write(_ bytes: [UInt8]) -> Bool {
        _ = faults.waitWhileFrozen(until: Date().addingTimeInterval(FaultInjectingHandler.maxHold))
        return sink.write(bytes)
    }
}

extension ContinueToken {
    /// The resource version a token was issued at, or nil for a token this server did not issue.
    static func version(of token: String) -> Int? {
        (try? ContinueToken(decoding: token))?.resourceVersion
    }
}
