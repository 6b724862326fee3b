import MarvelCore
import MarvelNet

/// A Kubernetes `Status` failure: the HTTP code, the machine-readable reason
/// and a one-line message, as the API server returns for every error.
struct APIStatus: Error, Sendable, Equatable, CustomStringConvertible {
    var code: Int
    /// NotFound, BadRequest, MethodNotAllowed, Conflict, …
    var reason: String
    var message: String
    /// `details.name` / `details.kind` when the error is about one object.
    var name: String?
    var kind: String?
    /// `details.group` of that object's kind.
    var group: String?
    /// `details.causes`: one per invalid field (`reason`, `message`, `field`).
    var causes: [JSONValue] = []

    init(
        code: Int, reason: String, message: String, name: String? = nil, kind: String? = nil, causes: [JSONValue] = []
    ) {
        self.code = code
        self.reason = reason
        self.message = message
        self.name = name
        self.kind = kind
        self.causes = causes
    }

    var description: String { "\(code) \(reason): \(message)" }

    static func notFound(resource: String, name: String) -> APIStatus {
        APIStatus(
            code: 404, reason: "NotFound", message: "\(resource) \"\(name)\" not found", name: name, kind: resource)
    }

    static func pathNotFound(_ path: String) -> APIStatus {
        APIStatus(
            code: 404, reason: "NotFound", message: "the server could not find the requested resource (path \(path))")
    }

    static func badRequest(_ message: String) -> APIStatus {
        APIStatus(code: 400, reason: "BadRequest", message: message)
    }

    static func methodNotAllowed(_ method: String, path: String) -> APIStatus {
        APIStatus(
            code: 405, reason: "MethodNotAllowed",
            message: "the server does not allow this method on the requested resource (\(method) \(path))")
    }

    /// The store's error in API terms.
    init(_ error: StoreError) {
        switch error {
        case .notFound(let r, let k): self = .notFound(resource: r, name: k.name)
        case .alreadyExists(let r, let k):
            self.init(code: 409, reason: "AlreadyExists", message: error.description, name: k.name, kind: r)
        case .conflict(let r, let k, _, _):
            self.init(code: 409, reason: "Conflict", message: error.description, name: k.name, kind: r)
        case .invalid(let r, _): self.init(code: 422, reason: "Invalid", message: error.description, kind: r)
        }
    }

    /// The `Status` object.
    var json: JSONValue {
        var details: JSONObject = [:]
        if let name, !name.isEmpty { details["name"] = .string(name) }
        if let group { details["group"] = .string(group) }
        if let kind { details["kind"] = .string(kind) }
        if !causes.isEmpty { details["causes"] = .array(causes) }
        var o: JSONObject = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "message": .string(message), "reason": .string(reason),
        ]
        if !details.isEmpty { o["details"] = .object(details) }
        o["code"] = .int(code)
        return .object(o)
    }

    var response: ServerResponse { .json(json, status: code) }
}

extension ServerResponse {
    /// A JSON body with `Content-Type: application/json` (or the given type).
    static func json(_ value: JSONValue, status: Int = 200, contentType: String = "application/json") -> ServerResponse
    {
        ServerResponse(status: status, headers: [("Content-Type", contentType)], body: .bytes(value.jsonBytes()))
    }

    /// A plain-text body (health checks).
    static func text(_ text: String, status: Int = 200) -> ServerResponse {
        ServerResponse(
            status: status,
            headers: [("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff")],
            body: .bytes(Array(text.utf8)))
    }
}
