import Foundation
import MarvelCore
import MarvelSim

/// Which image registry a command works with, and the REGISTRY value
/// templates render with: `--registry` (a URL, or host:port meaning https),
/// else `registry.url` of the settings, else the embedded cluster's demo
/// registry when the command runs on it. With none of them, REGISTRY is
/// "registry.local:5000" and there is no registry to browse or ask.
struct RegistryChoice {
    /// The registry's API base URL; nil when none is configured.
    var url: String?
    /// "host[:port]" for `${REGISTRY}`.
    var host: String

    static let fallbackHost = "registry.local:5000"

    static func resolve(flag: String?, settings: Settings, embedded: EmbeddedCluster?) throws -> RegistryChoice {
        if let flag {
            guard let endpoint = RegistryEndpoint(parsing: flag) else {
                throw CommandFailure("--registry \(flag): not a registry address; write https://host[:port], http://host:port or host:port", exitCode: 64)
            }
            return RegistryChoice(url: endpoint.baseURL, host: endpoint.host)
        }
        if let configured = settings.registry, let endpoint = RegistryEndpoint(parsing: configured.url) {
            return RegistryChoice(url: endpoint.baseURL, host: endpoint.host)
        }
        if let embedded, let endpoint = RegistryEndpoint(parsing: embedded.registryURL) {
            return RegistryChoice(url: endpoint.baseURL, host: endpoint.host)
        }
        return RegistryChoice(url: nil, host: fallbackHost)
    }

    /// The client for the chosen registry (TLS and credentials from the settings when they
    /// describe the same registry); nil when none is configured. Its warnings go to stderr
    /// unless `quiet` (the console shows them itself).
    func client(settings: Settings, quiet: Bool = false) throws -> RegistryClient? {
        guard let url else { return nil }
        let client: RegistryClient
        do {
            client = try RegistryClient.configured(url: url, settings: settings.registry, settingsFile: settings.source ?? SettingsLoader().path)
        } catch {
            throw CommandFailure(error.description)
        }
        if !quiet {
            for warning in client.warnings { FileHandle.standardError.write(Data("marvdash: warning: \(warning)\n".utf8)) }
        }
        return client
    }

    /// The client, or a failure saying how to configure one.
    func requireClient(settings: Settings) throws -> RegistryClient {
        guard let client = try client(settings: settings) else {
            let file = settings.source ?? SettingsLoader().path ?? "~/.config/marvdash/config.yaml"
            throw CommandFailure("no registry configured: pass --registry URL, or set registry.url in \(file)")
        }
        return client
    }

    /// The placer's platform check against the chosen registry (nil: none configured).
    func platformSource(settings: Settings) throws -> (any ImagePlatformSource)? {
        try client(settings: settings).map { RegistryPlatformLookup(client: $0) }
    }

    /// The mirrors images are pulled through: `registry.mirrors` of the settings; on the embedded
    /// cluster with no registry configured, its demo registry mirrors every other registry.
    static func mirrors(settings: Settings, flag: String?, embedded: EmbeddedCluster?) -> ImageMirrors {
        if let configured = settings.registry { return ImageMirrors(configured.mirrors) }
        if flag == nil, let embedded, let endpoint = RegistryEndpoint(parsing: embedded.registryURL) {
            return ImageMirrors(["*": endpoint.host])
        }
        return .none
    }

    /// The registry logins that become image pull Secrets: the settings' `registry:` block, then `~/.docker/config.json`.
    static func pullCredentials(settings: Settings) -> any PullCredentialSource {
        ConfiguredPullCredentials(settings: settings.registry, settingsFile: settings.source ?? SettingsLoader().path)
    }
}

extension DeploySession {
    /// The session's deployer with the placer's image platform check against the chosen registry,
    /// the configured mirrors and the registry logins that become image pull Secrets.
    func deployerCheckingImages(source: TemplateSourceOptions, settings: Settings) throws -> Deployer {
        var deployer = self.deployer
        deployer.imagePlatforms = try source.registryChoice(settings: settings, embedded: session.embedded).platformSource(settings: settings)
        deployer.mirrors = RegistryChoice.mirrors(settings: settings, flag: source.registry, embedded: session.embedded)
        deployer.pullCredentials = RegistryChoice.pullCredentials(settings: settings)
        deployer.volumes = settings.volumes
        deployer.basicAuth.user = settings.authUser
        return deployer
    }

    /// The automatic values for this session (REGISTRY from the chosen registry).
    func automatic(source: TemplateSourceOptions, settings: Settings) -> AutomaticValues {
        source.automatic(settings: settings, namespace: namespace, embedded: session.embedded)
    }
}
