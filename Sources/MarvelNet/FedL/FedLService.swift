import MarvelCore

/// The federated server's HTTP protocol on top of a `FedLCoordinator` (MarvelCore), served by
/// the shared HTTP server: `HTTPServer(host:port:handler: FedLService(coordinator: …))`.
/// Every request carries `Authorization: Bearer TOKEN` when the server has a token.
///
///     GET  /v1/status                                   the run and its clients (JSON)
///     POST /v1/join              {cid, examples, dimension, classes}  → the run's settings
///     GET  /v1/task?cid=N&wait=S                        long poll → {action: fit|wait|done, round, …}
///     POST /v1/heartbeat?cid=N                          a training client is alive
///     GET  /v1/rounds/R/model/NAME.npy                  a tensor of round R's global model (NPY 1.0)
///     PUT  /v1/rounds/R/clients/N/NAME.npy              a tensor of client N's model (NPY 1.0)
///     POST /v1/rounds/R/clients/N/result  {examples, train_error, …}  → accepted, or 409 when late
public struct FedLService: ServerHandler {
    public let coordinator: FedLCoordinator

    public init(coordinator: FedLCoordinator) { self.coordinator = coordinator }

    public func handle(_ request: ServerRequest) -> ServerResponse {
        guard coordinator.authorizes(request.headers["authorization"]) else {
            return Self.failure(FedLProtocolError(401, "this server needs its token (Authorization: Bearer …); give the client the server's --token-file"))
        }
        do throws(FedLProtocolError) {
            return try route(request)
        } catch {
            return Self.failure(error)
        }
    }

    static func json(_ status: Int, _ object: JSONObject) -> ServerResponse {
        ServerResponse(status: status, headers: [(name: "Content-Type", value: "application/json")],
                       body: .bytes(Array((JSONValue.object(object).jsonString() + "\n").utf8)))
    }

    static func failure(_ error: FedLProtocolError) -> ServerResponse { json(error.status, ["error": .string(error.message)]) }

    private func route(_ r: ServerRequest) throws(FedLProtocolError) -> ServerResponse {
        let parts = r.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard parts.first == "v1" else { throw FedLProtocolError(404, "no such resource \(r.path) (the protocol lives under /v1)") }
        switch (r.method, Array(parts.dropFirst())) {
        case ("GET", ["status"]):
            return Self.json(200, coordinator.status())
        case ("POST", ["join"]):
            let o = try jsonBody(r)
            guard let cid = o["cid"]?.stringValue ?? o["cid"]?.intValue.map(String.init), let examples = o["examples"]?.intValue,
                  let dimension = o["dimension"]?.intValue, let classes = o["classes"]?.intValue
            else { throw FedLProtocolError(400, "join needs {cid, examples, dimension, classes}") }
            return Self.json(200, try coordinator.join(client: cid, examples: examples, dimension: dimension, classes: classes))
        case ("GET", ["task"]):
            let task = try coordinator.task(client: try clientID(r), wait: Double(r.query["wait"] ?? "") ?? 0)
            return Self.json(200, task.json)
        case ("POST", ["heartbeat"]):
            try coordinator.heartbeat(client: try clientID(r))
            return Self.json(200, ["ok": true])
        case ("GET", let p) where p.count == 4 && p[0] == "rounds" && p[2] == "model":
            let bytes = try coordinator.tensor(round: try round(p[1]), name: try tensorName(p[3]))
            return ServerResponse(status: 200, headers: [(name: "Content-Type", value: "application/octet-stream")], body: .bytes(bytes))
        case ("PUT", let p) where p.count == 5 && p[0] == "rounds" && p[2] == "clients":
            try coordinator.upload(round: try round(p[1]), client: p[3], name: try tensorName(p[4]), bytes: r.body)
            return Self.json(200, ["ok": true])
        case ("POST", let p) where p.count == 5 && p[0] == "rounds" && p[2] == "clients" && p[4] == "result":
            let report: FedLClientReport
            do {
                report = try FedLClientReport(json: try jsonBody(r), source: "client \(p[3])")
            } catch let error as FedLError {
                throw FedLProtocolError(400, error.message)
            } catch let error as FedLProtocolError {
                throw error
            } catch {
                throw FedLProtocolError(400, "\(error)")
            }
            let round = try round(p[1])
            try coordinator.submit(round: round, client: p[3], report: report)
            return Self.json(200, ["accepted": true, "round": .int(round)])
        default:
            throw FedLProtocolError(404, "no such resource: \(r.method) \(r.path)")
        }
    }

    private func jsonBody(_ r: ServerRequest) throws(FedLProtocolError) -> JSONObject {
        guard let value = try? JSONValue.parse(r.body), let object = value.objectValue else {
            throw FedLProtocolError(400, "\(r.method) \(r.path): the body must be a JSON object")
        }
        return object
    }

    private func clientID(_ r: ServerRequest) throws(FedLProtocolError) -> String {
        guard let cid = r.query["cid"], !cid.isEmpty else { throw FedLProtocolError(400, "\(r.path) needs ?cid=N") }
        return cid
    }

    private func round(_ text: String) throws(FedLProtocolError) -> Int {
        guard let n = Int(text), n >= 1 else { throw FedLProtocolError(400, "'\(text)' is not a round number") }
        return n
    }

    private func tensorName(_ file: String) throws(FedLProtocolError) -> String {
        guard file.hasSuffix(".npy"), file.count > 4 else { throw FedLProtocolError(404, "tensors are NAME.npy, not \(file)") }
        return String(file.dropLast(4))
    }
}
