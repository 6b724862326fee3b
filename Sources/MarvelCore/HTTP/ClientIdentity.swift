/// A client certificate and its key (PEM) presented in the TLS handshake of one
/// request, in place of the client's own: what an exec credential plugin hands
/// out. Its descriptions never show the key.
public struct ClientIdentity: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var certificatePEM: [UInt8]
    public var keyPEM: [UInt8]

    public init(certificatePEM: [UInt8], keyPEM: [UInt8]) {
        self.certificatePEM = certificatePEM
        self.keyPEM = keyPEM
    }

    public var description: String { "ClientIdentity(certificate \(certificatePEM.count) bytes, key ***)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["summary": description]) }
}
