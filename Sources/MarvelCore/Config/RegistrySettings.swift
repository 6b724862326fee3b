/// The `registry:` block of the settings file: which image registry the
/// Images pane, `marvdash images` and the placer's platform check talk to,
/// and how (credentials, TLS, timeout). Every field but `url` is optional.
///
/// ```yaml
/// registry:
///   url: https://registry.example:5000
///   username: alice
///   passwordFile: /run/secrets/registry   # or password: …
///   caFile: /etc/marvdash/registry-ca.pem
///   insecure: false                        # true skips TLS verification
///   timeoutSeconds: 15
///   mirrors:                               # pull third-party images through a mirror
///     docker.io: registry.example:5000     # (default: from their public origin)
/// ```
public struct RegistrySettings: Sendable, Equatable, CustomStringConvertible {
    /// "https://host:port" (http for a plain-HTTP registry).
    public var url: String
    public var username: String?
    /// Never printed (see `description`).
    public var password: String?
    public var passwordFile: String?
    /// PEM file of the CA that signed the registry's certificate.
    public var caFile: String?
    /// Skip TLS verification (a self-signed registry without its CA at hand).
    public var insecure: Bool
    /// Seconds a whole registry request may take (connect: at most 5).
    public var timeoutSeconds: Double
    /// A Docker client config to read `auths` from instead of `~/.docker/config.json`.
    public var dockerConfig: String?
    /// Source registry ("docker.io", "*" for any other) → mirror "host[:port][/path]" (see `ImageMirrors`).
    public var mirrors: [String: String] = [:]

    public init(
        url: String, username: String? = nil, password: String? = nil, passwordFile: String? = nil, caFile: String? = nil,
        insecure: Bool = false, timeoutSeconds: Double = 15, dockerConfig: String? = nil
    ) {
        self.url = url
        self.username = username
        self.password = password
        self.passwordFile = passwordFile
        self.caFile = caFile
        self.insecure = insecure
        self.timeoutSeconds = timeoutSeconds
        self.dockerConfig = dockerConfig
    }

    /// The URL and which fields are set; the password is never shown.
    public var description: String {
        var parts = [url]
        if let username { parts.append("user \(username)") }
        if password != nil || passwordFile != nil { parts.append("password ***") }
        if caFile != nil { parts.append("ca") }
        if insecure { parts.append("insecure") }
        if !mirrors.isEmpty { parts.append("mirrors \(mirrors.keys.sorted().joined(separator: ", "))") }
        return "RegistrySettings(\(parts.joined(separator: ", ")))"
    }

    static let knownKeys = ["url", "username", "password", "passwordFile", "caFile", "insecure", "timeoutSeconds", "dockerConfig", "mirrors"]
}

extension SettingsLoader {
    /// Reads the `registry:` mapping.
    func registrySettings(_ node: YAMLNode, _ file: String) throws -> RegistrySettings {
        guard case .mapping(let pairs) = node.kind else {
            throw SettingsError(file: file, mark: node.mark, message: "registry must be a mapping with at least url (e.g. url: https://registry.example:5000)")
        }
        var url: String?
        var settings = RegistrySettings(url: "")
        for pair in pairs {
            let key = pair.key.scalar ?? ""
            let value = pair.value
            func text() throws -> String {
                guard let s = try registryJSON(value, file).stringValue, !s.isEmpty else {
                    throw SettingsError(file: file, mark: value.mark, message: "registry.\(key) must be a non-empty string")
                }
                return s
            }
            switch key {
            case "url":
                let s = try text()
                guard RegistryEndpoint(parsing: s) != nil else {
                    throw SettingsError(
                        file: file, mark: value.mark, message: "registry.url '\(s)' is not a registry address; write https://host[:port] or http://host:port")
                }
                url = s
            case "username": settings.username = try text()
            case "password": settings.password = try text()
            case "passwordFile": settings.passwordFile = try text()
            case "caFile": settings.caFile = try text()
            case "dockerConfig": settings.dockerConfig = try text()
            case "insecure":
                guard let b = try registryJSON(value, file).boolValue else {
                    throw SettingsError(file: file, mark: value.mark, message: "registry.insecure must be true or false")
                }
                settings.insecure = b
            case "mirrors":
                settings.mirrors = try mirrors(value, file)
            case "timeoutSeconds":
                guard let d = try registryJSON(value, file).doubleValue, d >= 1, d <= 600 else {
                    throw SettingsError(file: file, mark: value.mark, message: "registry.timeoutSeconds must be a number from 1 to 600")
                }
                settings.timeoutSeconds = d
            default:
                throw SettingsError(
                    file: file, mark: pair.key.mark,
                    message: "unknown setting 'registry.\(key)' (known: \(RegistrySettings.knownKeys.joined(separator: ", ")))")
            }
        }
        guard let url else {
            throw SettingsError(file: file, mark: node.mark, message: "registry needs url (e.g. url: https://registry.example:5000)")
        }
        if settings.password != nil && settings.passwordFile != nil {
            throw SettingsError(file: file, mark: node.mark, message: "registry has both password and passwordFile; keep one")
        }
        if (settings.password != nil || settings.passwordFile != nil) && settings.username == nil {
            throw SettingsError(file: file, mark: node.mark, message: "registry has a password but no username; add username")
        }
        settings.url = url
        return settings
    }

    /// Reads `registry.mirrors`: a mapping of source registry (or "*") to mirror address.
    private func mirrors(_ node: YAMLNode, _ file: String) throws -> [String: String] {
        guard case .mapping(let pairs) = node.kind else {
            throw SettingsError(
                file: file, mark: node.mark, message: "registry.mirrors must map a registry to its mirror, e.g. docker.io: registry.example:5000")
        }
        var out: [String: String] = [:]
        for pair in pairs {
            guard let source = pair.key.scalar, !source.isEmpty, source == "*" || RegistryEndpoint(parsing: source) != nil else {
                throw SettingsError(
                    file: file, mark: pair.key.mark, message: "registry.mirrors: '\(pair.key.scalar ?? "")' is not a registry host (e.g. docker.io, quay.io, or * for any)")
            }
            guard let mirror = pair.value.scalar, !mirror.isEmpty else {
                throw SettingsError(file: file, mark: pair.value.mark, message: "registry.mirrors.\(source) must be a mirror address host[:port][/path]")
            }
            if let problem = ImageMirrors.problem(mirror) {
                throw SettingsError(file: file, mark: pair.value.mark, message: "registry.mirrors.\(source): \(problem)")
            }
            out[source] = mirror
        }
        return out
    }

    private func registryJSON(_ node: YAMLNode, _ file: String) throws -> JSONValue {
        do { return try node.toJSON() } catch let e as YAMLError {
            throw SettingsError(file: file, mark: e.mark ?? node.mark, message: e.message)
        }
    }
}
