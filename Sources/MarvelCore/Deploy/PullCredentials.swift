import Foundation

/// Where a deploy finds the login for a registry its pods pull from.
public protocol PullCredentialSource: Sendable {
    /// The credentials for images on `registry` ("host[:port]", Docker Hub as docker.io), nil when none
    /// are configured. Throws one line naming the file and field when a source cannot be read.
    func credentials(forRegistry registry: String) throws(RegistryError) -> RegistryCredentials?
}

/// The operator's registry logins: the settings' `registry:` block for the
/// registry its `url` names (username and password or passwordFile), else the
/// Docker client config's `auths` (what `docker login` wrote: the seed's
/// section 3.2 step 1) for any registry. The settings' password is never
/// offered to another registry.
public struct ConfiguredPullCredentials: PullCredentialSource {
    public var settings: RegistrySettings?
    public var settingsFile: String?
    public var resolver: RegistryCredentialResolver

    public init(settings: RegistrySettings?, settingsFile: String?, resolver: RegistryCredentialResolver = RegistryCredentialResolver()) {
        self.settings = settings
        self.settingsFile = settingsFile
        self.resolver = resolver
    }

    public func credentials(forRegistry registry: String) throws(RegistryError) -> RegistryCredentials? {
        let host = ImageReference.canonicalHost(registry).lowercased()
        if let settings, let endpoint = RegistryEndpoint(parsing: settings.url), endpoint.host.lowercased() == host {
            return try resolver.credentials(for: endpoint, settings: settings, settingsFile: settingsFile)
        }
        guard let path = resolver.dockerConfigPath(settings: settings) else { return nil }
        return try resolver.dockerConfigCredentials(path: path, host: host)
    }
}

/// Fixed logins by registry (tests, and callers that already hold them).
public struct StaticPullCredentials: PullCredentialSource {
    public var byRegistry: [String: RegistryCredentials]

    public init(_ byRegistry: [String: RegistryCredentials]) {
        var out: [String: RegistryCredentials] = [:]
        for (host, c) in byRegistry { out[ImageReference.canonicalHost(host).lowercased()] = c }
        self.byRegistry = out
    }

    public func credentials(forRegistry registry: String) throws(RegistryError) -> RegistryCredentials? {
        byRegistry[ImageReference.canonicalHost(registry).lowercased()]
    }
}
