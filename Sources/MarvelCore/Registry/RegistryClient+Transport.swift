import Foundation

/// Sending one registry request: the Authorization the client already knows
/// for the scope, one retry after a 401 challenge (basic, or a fresh bearer
/// token from the token service), redirects followed (without credentials to
/// another host), and transport failures turned into `RegistryError`.
extension RegistryClient {
    /// Sends a request; returns the response for any status but 401, which throws.
    func send(
        _ method: HTTPMethod, _ pathOrURL: String, scope: String?, accept: String? = nil, body: [UInt8]? = nil,
        contentType: String? = nil
    ) throws(RegistryError) -> HTTPResponse {
        var url = pathOrURL.hasPrefix("http://") || pathOrURL.hasPrefix("https://") ? pathOrURL : endpoint.url(pathOrURL)
        var authorization = knownAuthorization(scope: scope)
        var retried = false
        var redirects = 0
        while true {
            var headers: [(name: String, value: String)] = []
            if let accept { headers.append(("Accept", accept)) }
            if let contentType { headers.append(("Content-Type", contentType)) }
            if let authorization { headers.append(("Authorization", authorization)) }
            let response: HTTPResponse
            do {
                response = try http.send(HTTPRequest(method: method, url: url, headers: headers, body: body))
            } catch {
                throw transportError(error, url: url)
            }
            if response.status == 401 {
                let challenge = response.headers["www-authenticate"].flatMap(AuthChallenge.init(header:))
                let detail = Self.errorMessage(response) ?? "HTTP 401"
                guard !retried, let challenge else {
                    if let scope { tokens.forget(scope) }
                    throw unauthorized(sentCredentials: authorization != nil && credentials != nil, detail: detail)
                }
                retried = true
                switch challenge.scheme {
                case "bearer":
                    authorization = "Bearer " + (try token(for: challenge, scope: scope))
                case "basic":
                    guard let credentials, authorization != credentials.basicHeader else {
                        throw unauthorized(sentCredentials: false, detail: detail)
                    }
                    tokens.markBasic()
                    authorization = credentials.basicHeader
                default:
                    throw .failed(url: url, status: 401, code: nil, message: "the registry asks for '\(challenge.scheme)' authentication, which marvdash does not speak")
                }
                continue
            }
            if (300..<400).contains(response.status), method == .get || method == .head, let location = response.headers["location"],
                redirects < 5
            {
                redirects += 1
                let next = LinkHeader.resolve(location, base: endpoint.baseURL)
                if Self.origin(next) != Self.origin(url) { authorization = nil }
                url = next
                continue
            }
            return response
        }
    }

    /// Throws the registry's error for a non-2xx response; `what` names the object asked for.
    func check(_ response: HTTPResponse, url: String, what: String) throws(RegistryError) {
        guard !(200..<300).contains(response.status) else { return }
        let message = Self.errorMessage(response) ?? HTTPStatusText.phrase(for: response.status)
        switch response.status {
        case 403: throw .denied(registry: endpoint.baseURL, what: what, detail: message)
        case 404: throw .notFound(registry: endpoint.baseURL, what: what, detail: message)
        default:
            let code = Self.errorCode(response)
            let plain = code.map { message.hasPrefix("\($0): ") ? String(message.dropFirst($0.count + 2)) : message } ?? message
            throw .failed(url: url, status: response.status, code: code, message: plain)
        }
    }

    /// Every item of a paged list (`key` of each page), following `Link` headers.
    func paged(_ path: String, pageSize: Int, scope: String, key: String, what: String) throws(RegistryError) -> [String] {
        var items: [String] = []
        var next: String? = path + "?n=\(max(1, pageSize))"
        var seen = Set<String>()
        while let page = next {
            // A server that links a page it already sent would loop forever.
            guard seen.insert(page).inserted, seen.count <= 10_000 else { break }
            let response = try send(.get, page, scope: scope)
            try check(response, url: LinkHeader.resolve(page, base: endpoint.baseURL), what: what)
            guard let json = try? JSONValue.parse(response.body), json.objectValue != nil else {
                throw .badResponse(url: LinkHeader.resolve(page, base: endpoint.baseURL), detail: "the \(what) list is not a JSON object")
            }
            let names = (json[key]?.arrayValue ?? []).compactMap(\.stringValue)
            items += names
            next = LinkHeader.next(response.headers["link"])
        }
        return items
    }

    // MARK: authorization

    /// What to send before being asked: the scope's cached token, else basic auth once the registry asked for it.
    private func knownAuthorization(scope: String?) -> String? {
        if let scope, let token = tokens.token(for: scope) { return "Bearer " + token }
        if let credentials, tokens.usesBasic { return credentials.basicHeader }
        return nil
    }

    /// A token from the challenge's realm for its scope (or ours), cached under both.
    private func token(for challenge: AuthChallenge, scope: String?) throws(RegistryError) -> String {
        guard let realm = challenge.realm, !realm.isEmpty else {
            throw .failed(url: endpoint.baseURL, status: 401, code: nil, message: "the Bearer challenge names no realm (token service)")
        }
        let wanted = challenge.scope ?? scope
        var query: [String] = []
        if let service = challenge.service { query.append("service=" + Self.queryEscape(service)) }
        if let wanted { query.append("scope=" + Self.queryEscape(wanted)) }
        let url = realm + (query.isEmpty ? "" : (realm.contains("?") ? "&" : "?") + query.joined(separator: "&"))
        var headers: [(name: String, value: String)] = []
        if let credentials { headers.append(("Authorization", credentials.basicHeader)) }
        let response: HTTPResponse
        do {
            response = try http.send(HTTPRequest(url: url, headers: headers))
        } catch {
            throw transportError(error, url: url)
        }
        if response.status == 401 || response.status == 403 {
            throw unauthorized(sentCredentials: credentials != nil, detail: "the token service \(SecretRedaction.url(realm)) answered \(response.status)")
        }
        guard (200..<300).contains(response.status) else {
            throw .failed(url: realm, status: response.status, code: nil, message: Self.errorMessage(response) ?? HTTPError.excerpt(response))
        }
        guard let json = try? JSONValue.parse(response.body),
            let token = json["token"]?.stringValue ?? json["access_token"]?.stringValue, !token.isEmpty
        else {
            throw .badResponse(url: realm, detail: "the token service's answer has no token")
        }
        let lifetime = Double(json["expires_in"]?.intValue ?? 60)
        tokens.store(token, for: Array(Set([wanted, scope].compactMap { $0 })), lifetime: max(lifetime, 1))
        return token
    }

    private func unauthorized(sentCredentials: Bool, detail: String) -> RegistryError {
        .unauthorized(
            registry: endpoint.baseURL, credentials: sentCredentials ? credentials?.description : nil, settingsFile: settingsFile,
            detail: detail)
    }

    // MARK: errors

    func transportError(_ error: HTTPError, url: String) -> RegistryError {
        switch error {
        case .tls(_, let detail): return .tls(registry: endpoint.baseURL, detail: detail)
        case .invalidURL(let u): return .invalidReference("invalid registry URL '\(SecretRedaction.url(u))'")
        case .responseTooLarge, .schemeMismatch: return .badResponse(url: url, detail: error.description)
        case .nameResolution, .connect, .timeout, .transport, .cancelled, .status:
            return .unreachable(registry: endpoint.baseURL, detail: error.description)
        }
    }

    /// The first `errors[].message` of a registry error body (with its code).
    static func errorMessage(_ response: HTTPResponse) -> String? {
        guard let json = try? JSONValue.parse(response.body), let first = json["errors"]?.arrayValue?.first else {
            return nil
        }
        let code = first["code"]?.stringValue
        let message = first["message"]?.stringValue ?? ""
        switch (code, message.isEmpty) {
        case (let code?, false): return "\(code): \(message)"
        case (let code?, true): return code
        default: return message.isEmpty ? nil : message
        }
    }

    static func errorCode(_ response: HTTPResponse) -> String? {
        (try? JSONValue.parse(response.body))?["errors"]?.arrayValue?.first?["code"]?.stringValue
    }

    /// "scheme://host:port" of a URL.
    static func origin(_ url: String) -> String {
        guard let range = url.range(of: "://") else { return url }
        let rest = url[range.upperBound...]
        let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        return String(url[..<end]).lowercased()
    }
}
