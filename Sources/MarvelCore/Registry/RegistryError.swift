/// What went wrong talking to a registry, as one line that says what to do.
/// `registry` is the base URL; credentials never appear.
public enum RegistryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Name resolution, connect or timeout failed.
    case unreachable(registry: String, detail: String)
    /// The TLS handshake or certificate check failed.
    case tls(registry: String, detail: String)
    /// 401: `credentials` nil means none were sent (the registry needs some);
    /// otherwise they were refused. `settingsFile` names the marvdash config.
    case unauthorized(registry: String, credentials: String?, settingsFile: String?, detail: String)
    /// 403: the credentials are fine but may not do this.
    case denied(registry: String, what: String, detail: String)
    /// 404 for a repository, tag, manifest or blob.
    case notFound(registry: String, what: String, detail: String)
    /// 405 UNSUPPORTED on DELETE: the registry runs with deletes disabled.
    case deleteDisabled(registry: String, what: String)
    /// `/v2/` did not answer like a Docker Registry v2 / OCI distribution API.
    case notARegistry(registry: String, detail: String)
    /// A body that could not be read (bad JSON, a digest that does not match).
    case badResponse(url: String, detail: String)
    /// Any other non-2xx answer, with the registry's error code and message.
    case failed(url: String, status: Int, code: String?, message: String)
    /// A bad image reference or registry address given by the operator.
    case invalidReference(String)
    /// A configured credential source could not be read.
    case configuration(String)

    public var description: String {
        switch self {
        case .unreachable(let registry, let detail):
            return "registry \(registry) is unreachable: \(detail); check registry.url in the marvdash config (or --registry) and that the registry runs"
        case .tls(let registry, let detail):
            return "TLS error talking to registry \(registry): \(detail); set registry.caFile to the CA that signed its certificate (or registry.insecure: true to skip the check)"
        case .unauthorized(let registry, let credentials, let settingsFile, let detail):
            let config = settingsFile.map { " (\($0))" } ?? ""
            if let credentials {
                return "registry \(registry) refused the credentials of \(credentials): \(detail); check registry.username and registry.password"
            }
            return "registry \(registry) needs credentials (\(detail)): set registry.username and registry.password (or passwordFile) in the marvdash config\(config), or run docker login \(Self.host(registry))"
        case .denied(let registry, let what, let detail):
            return "registry \(registry) denied access to \(what): \(detail); ask its administrator for the permission"
        case .notFound(let registry, let what, let detail):
            return "registry \(registry) has no \(what) (\(detail))"
        case .deleteDisabled(let registry, let what):
            return "registry \(registry) has deletes disabled (405 UNSUPPORTED), so \(what) was not deleted; enable them on the registry (storage.delete.enabled: true, or REGISTRY_STORAGE_DELETE_ENABLED=true)"
        case .notARegistry(let registry, let detail):
            return "\(registry) does not answer /v2/ like an image registry (\(detail)); check registry.url (or --registry)"
        case .badResponse(let url, let detail):
            return "unexpected answer from \(SecretRedaction.url(url)): \(detail)"
        case .failed(let url, let status, let code, let message):
            return "\(SecretRedaction.url(url)): HTTP \(status)\(code.map { " \($0)" } ?? ""): \(message)"
        case .invalidReference(let text):
            return text
        case .configuration(let text):
            return text
        }
    }

    /// True when the registry could not be reached at all (the console shows it as unreachable).
    public var isUnreachable: Bool {
        switch self {
        case .unreachable, .tls, .notARegistry: return true
        default: return false
        }
    }

    /// True when credentials are missing or refused.
    public var needsCredentials: Bool {
        if case .unauthorized = self { return true }
        return false
    }

    private static func host(_ registry: String) -> String {
        RegistryEndpoint(parsing: registry)?.host ?? registry
    }
}
