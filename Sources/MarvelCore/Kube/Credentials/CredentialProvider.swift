import Foundation

/// What one request presents to the API server: an Authorization header, a
/// client certificate, or nothing. Descriptions never show the secret.
public struct RequestCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Header fields to add (Authorization).
    public var headers: [(name: String, value: String)]
    /// A client certificate for the TLS handshake, when the provider hands one out.
    public var identity: ClientIdentity?
    /// Counts renewals, so a 401 answered to old credentials does not renew twice.
    public var generation: Int

    public init(headers: [(name: String, value: String)] = [], identity: ClientIdentity? = nil, generation: Int = 0) {
        self.headers = headers
        self.identity = identity
        self.generation = generation
    }

    /// No credentials at all (anonymous, or a client certificate set on the connection).
    public static let none = RequestCredentials()

    public var description: String {
        var parts = headers.map { "\($0.name): \(SecretRedaction.headerValue(name: $0.name, value: $0.value))" }
        if identity != nil { parts.append("client certificate") }
        return "RequestCredentials(\(parts.isEmpty ? "none" : parts.joined(separator: ", ")), generation \(generation))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["summary": description]) }
}

/// Where a client's credentials come from: a fixed token, a token file that is
/// re-read when it changes, or an exec plugin whose answer is cached until it
/// expires. `KubeClient` asks before every request and calls `renew` once when
/// the server answers 401.
public protocol CredentialProvider: Sendable {
    /// The credentials for the next request (cached where they are costly to get).
    func credentials() throws(CredentialError) -> RequestCredentials
    /// The server refused `used` (401). Forgets them so the next `credentials()` gets
    /// fresh ones; false when fresh ones cannot differ (a fixed token), so the 401 stands.
    func renew(after used: RequestCredentials) -> Bool
    /// The method in a few words, for messages ("bearer token", "exec plugin aws").
    var summary: String { get }
}

/// Credentials that never change: none, a bearer token or a user name and password.
public struct FixedCredentials: CredentialProvider {
    let fixed: RequestCredentials
    public let summary: String

    /// Anonymous requests (a client certificate, when there is one, travels with the connection).
    public static let anonymous = FixedCredentials(fixed: .none, summary: "none")

    public static func bearer(_ token: String) -> FixedCredentials {
        FixedCredentials(fixed: RequestCredentials(headers: [(name: "Authorization", value: "Bearer \(token)")]), summary: "bearer token")
    }

    public static func basic(user: String, password: String) -> FixedCredentials {
        let encoded = Data("\(user):\(password)".utf8).base64EncodedString()
        return FixedCredentials(
            fixed: RequestCredentials(headers: [(name: "Authorization", value: "Basic \(encoded)")]), summary: "basic (user \(user))")
    }

    public func credentials() throws(CredentialError) -> RequestCredentials { fixed }
    public func renew(after used: RequestCredentials) -> Bool { false }
}
