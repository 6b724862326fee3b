import Foundation

/// The `status` of the ExecCredential a plugin prints on stdout: a bearer
/// token, a client certificate with its key, or both, and when they expire.
struct ExecCredential: Sendable {
    var token: String?
    var identity: ClientIdentity?
    /// nil: valid until the server refuses them (401).
    var expiration: Date?

    /// Parses and checks a plugin's output against the API version the kubeconfig asked for.
    /// Throws the problem in a few words.
    init(output: [UInt8], apiVersion: String) throws(ExecCredentialProblem) {
        let text = String(decoding: output, as: UTF8.self).trimmingWhitespace()
        guard !text.isEmpty else { throw ExecCredentialProblem("stdout was empty") }
        guard let json = try? JSONValue.parse(Array(text.utf8)), case .object = json else {
            throw ExecCredentialProblem("stdout is not a JSON object (\(text.count) characters)")
        }
        let kind = json["kind"]?.stringValue ?? ""
        guard kind == "ExecCredential" else { throw ExecCredentialProblem("kind is \"\(kind)\", not \"ExecCredential\"") }
        let version = json["apiVersion"]?.stringValue ?? ""
        guard version == apiVersion else {
            throw ExecCredentialProblem("apiVersion is \"\(version)\" but the kubeconfig asks for \"\(apiVersion)\"")
        }
        guard let status = json["status"], case .object = status else { throw ExecCredentialProblem("it has no status") }
        let token = status["token"]?.stringValue ?? ""
        let certificate = status["clientCertificateData"]?.stringValue ?? ""
        let key = status["clientKeyData"]?.stringValue ?? ""
        if certificate.isEmpty != key.isEmpty {
            throw ExecCredentialProblem(
                certificate.isEmpty ? "status has clientKeyData but no clientCertificateData" : "status has clientCertificateData but no clientKeyData")
        }
        guard !token.isEmpty || !certificate.isEmpty else {
            throw ExecCredentialProblem("status has neither a token nor clientCertificateData and clientKeyData")
        }
        self.token = token.isEmpty ? nil : token
        identity = certificate.isEmpty ? nil : ClientIdentity(certificatePEM: Array(certificate.utf8), keyPEM: Array(key.utf8))
        if let stamp = status["expirationTimestamp"], !stamp.isNull {
            guard let text = stamp.stringValue, let date = Timestamp.parse(text) else {
                throw ExecCredentialProblem("status.expirationTimestamp is not an RFC 3339 time")
            }
            expiration = date
        }
    }

    /// What requests carry.
    func credentials(generation: Int) -> RequestCredentials {
        RequestCredentials(
            headers: token.map { [(name: "Authorization", value: "Bearer \($0)")] } ?? [], identity: identity, generation: generation)
    }
}

/// What is wrong with a plugin's output, in a few words.
struct ExecCredentialProblem: Error {
    var text: String
    init(_ text: String) { self.text = text }
}
