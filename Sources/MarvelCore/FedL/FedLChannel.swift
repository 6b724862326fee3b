import Foundation

/// A client's connection to the federated server over HTTP (libcurl, `HTTPClient`): every
/// request has a connect and a total timeout; transport failures and 5xx answers are retried
/// with doubling delays (0.5 s … 8 s) for up to `retryFor` seconds; other answers go back to
/// the caller. The token, if any, travels as `Authorization: Bearer …` and is never logged.
public struct FedLChannel: Sendable {
    /// "http://host:port", without a trailing slash.
    public let server: String
    let token: String?
    let http: HTTPClient
    /// Seconds a failing request is retried before the call gives up.
    public var retryFor: Double

    public init(server: String, token: String? = nil, connectTimeout: Double = 5, timeout: Double = 120, retryFor: Double = 600) {
        var base = server.trimmingCharacters(in: .whitespaces)
        if !base.contains("://") { base = "http://" + base }
        while base.hasSuffix("/") { base.removeLast() }
        self.server = base
        self.token = token
        http = HTTPClient(connectTimeout: connectTimeout, timeout: timeout, maxResponseBytes: 64 << 20)
        self.retryFor = retryFor
    }

    /// One answer the caller has to look at (2xx, or a 4xx that says what to do).
    public struct Answer: Sendable {
        public var status: Int
        public var body: [UInt8]

        public var ok: Bool { (200..<300).contains(status) }
        public var json: JSONObject? { (try? JSONValue.parse(body))?.objectValue }
        /// The server's `{"error": …}` text, or the body.
        public var message: String { json?["error"]?.stringValue ?? String(decoding: body.prefix(300), as: UTF8.self) }
    }

    /// Sends a request, retrying as described; `log` hears about each retry. Throws when the
    /// server stays unreachable (or keeps failing) for `retryFor` seconds, or `shouldStop`.
    public func send(_ method: HTTPMethod, _ path: String, query: [String: String] = [:], body: [UInt8]? = nil,
                     contentType: String = "application/json", timeout: Double? = nil,
                     shouldStop: () -> Bool = { false }, log: (String) -> Void = { _ in }) throws(FedLError) -> Answer {
        var headers: [(name: String, value: String)] = [("Accept", "application/json, application/octet-stream")]
        if body != nil { headers.append(("Content-Type", contentType)) }
        if let token { headers.append(("Authorization", "Bearer " + token)) }
        let url = server + path + Self.queryString(query)
        let request = HTTPRequest(method: method, url: url, headers: headers, body: body, timeout: timeout)
        let giveUp = Date().addingTimeInterval(retryFor)
        var delay = 0.5
        while true {
            let problem: String
            do throws(HTTPError) {
                let response = try http.send(request)
                if response.status < 500 { return Answer(status: response.status, body: response.body) }
                let answer = Answer(status: response.status, body: response.body)
                problem = "\(server) answered HTTP \(response.status): \(answer.message)"
            } catch {
                problem = "\(error)"
            }
            if shouldStop() { throw FedLError("stopped while talking to \(server)") }
            if Date().addingTimeInterval(delay) > giveUp {
                throw FedLError("\(problem); gave up after \(Int(retryFor)) s — check --server \(server) and that the server runs")
            }
            log("\(problem); retrying in \(delay < 1 ? String(delay) : String(Int(delay))) s")
            let until = Date().addingTimeInterval(delay)
            while Date() < until, !shouldStop() { Thread.sleep(forTimeInterval: min(0.1, max(0, until.timeIntervalSinceNow))) }
            delay = min(8, delay * 2)
        }
    }

    /// One attempt, no retry (heartbeats): whether the server answered 2xx.
    public func sendOnce(_ method: HTTPMethod, _ path: String, query: [String: String] = [:]) -> Bool {
        var headers: [(name: String, value: String)] = []
        if let token { headers.append(("Authorization", "Bearer " + token)) }
        let request = HTTPRequest(method: method, url: server + path + Self.queryString(query), headers: headers,
                                  body: method == .post ? [] : nil, timeout: 10)
        return ((try? http.send(request))?.status).map { (200..<300).contains($0) } ?? false
    }

    static func queryString(_ query: [String: String]) -> String {
        guard !query.isEmpty else { return "" }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return "?" + query.sorted { $0.key < $1.key }.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
    }
}
