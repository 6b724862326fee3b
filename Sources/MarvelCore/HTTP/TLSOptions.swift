/// TLS material and checks for a connection. PEM bytes are handed to libcurl
/// as in-memory blobs: no temporary files.
public struct TLSOptions: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var caPEM: [UInt8]?
    public var clientCertificatePEM: [UInt8]?
    public var clientKeyPEM: [UInt8]?
    /// Skip server certificate verification (kubeconfig `insecure-skip-tls-verify`).
    public var insecureSkipVerify: Bool
    /// Name to verify the server certificate against (kubeconfig `tls-server-name`).
    public var serverName: String?

    public init(
        caPEM: [UInt8]? = nil, clientCertificatePEM: [UInt8]? = nil, clientKeyPEM: [UInt8]? = nil,
        insecureSkipVerify: Bool = false, serverName: String? = nil
    ) {
        self.caPEM = caPEM
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
        self.insecureSkipVerify = insecureSkipVerify
        self.serverName = serverName
    }

    /// Says which material is present, never the bytes (a client key is a secret).
    public var description: String {
        var parts: [String] = []
        if caPEM != nil { parts.append("ca") }
        if clientCertificatePEM != nil { parts.append("client-certificate") }
        if clientKeyPEM != nil { parts.append("client-key") }
        if insecureSkipVerify { parts.append("insecure") }
        if let serverName { parts.append("server-name=\(serverName)") }
        return "TLSOptions(\(parts.joined(separator: ", ")))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["summary": description]) }
}
