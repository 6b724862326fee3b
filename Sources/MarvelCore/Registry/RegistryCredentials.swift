import Foundation

/// A username and password for a registry (basic auth, or the basic auth
/// a token service asks for), and where they came from for messages. The
/// password never appears in a description.
public struct RegistryCredentials: Sendable, Equatable, CustomStringConvertible {
    public var username: String
    public var password: String
    /// "the marvdash config (/home/op/.config/marvdash/config.yaml)", "/home/op/.docker/config.json".
    public var source: String

    public init(username: String, password: String, source: String) {
        self.username = username
        self.password = password
        self.source = source
    }

    /// The `Authorization` header value for basic auth.
    public var basicHeader: String { "Basic " + Data("\(username):\(password)".utf8).base64EncodedString() }

    public var description: String { "user \(username) (from \(source))" }
}

/// The credentials for a registry: the marvdash settings' username and
/// password (or password file) win; otherwise the Docker client config's
/// `auths` entry for the registry host (`auth` = base64 "user:password", or
/// `username`/`password`), from `registry.dockerConfig`, `$DOCKER_CONFIG/config.json`
/// or `~/.docker/config.json`. Credential helpers (`credsStore`) are not run.
public struct RegistryCredentialResolver: Sendable {
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The credentials for `endpoint`, nil when none are configured. Throws one line
    /// naming the file and field when a configured source cannot be read.
    public func credentials(for endpoint: RegistryEndpoint, settings: RegistrySettings?, settingsFile: String?) throws(RegistryError)
        -> RegistryCredentials?
    {
        let where_ = settingsFile.map { "the marvdash config (\($0))" } ?? "the marvdash config"
        if let settings, let username = settings.username {
            if let password = settings.password {
                return RegistryCredentials(username: username, password: password, source: where_)
            }
            if let file = settings.passwordFile {
                let path = expand(file)
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw .configuration("\(settingsFile ?? "config"): registry.passwordFile \(path) cannot be read; check the path and its permissions")
                }
                let password = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
                return RegistryCredentials(username: username, password: password, source: "\(where_), passwordFile \(path)")
            }
            return nil
        }
        guard let path = dockerConfigPath(settings: settings) else { return nil }
        return try dockerConfigCredentials(path: path, host: endpoint.host)
    }

    /// The Docker client config file to read, when one exists.
    func dockerConfigPath(settings: RegistrySettings?) -> String? {
        var candidates: [String] = []
        if let explicit = settings?.dockerConfig { candidates.append(expand(explicit)) }
        if let dir = environment["DOCKER_CONFIG"], !dir.isEmpty { candidates.append(dir + "/config.json") }
        if let home = environment["HOME"], !home.isEmpty { candidates.append(home + "/.docker/config.json") }
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// The `auths` entry of a Docker config whose key names `host` ("host:port",
    /// "https://host:port/v1/", Docker Hub's "https://index.docker.io/v1/").
    func dockerConfigCredentials(path: String, host: String) throws(RegistryError) -> RegistryCredentials? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let json = try? JSONValue.parse(Array(data)), let auths = json["auths"]?.objectValue else {
            if (try? JSONValue.parse(Array(data))) == nil {
                throw .configuration("\(path): not valid JSON; fix the Docker config or set registry.username/password in the marvdash config")
            }
            return nil
        }
        for member in auths where Self.keyHost(member.key) == ImageReference.canonicalHost(host).lowercased() {
            let entry = member.value
            if let auth = entry["auth"]?.stringValue, !auth.isEmpty {
                guard let decoded = Data(base64Encoded: auth), let text = String(data: decoded, encoding: .utf8),
                    let colon = text.firstIndex(of: ":")
                else {
                    throw .configuration("\(path): auths.\"\(member.key)\".auth is not base64 of user:password; run docker login again")
                }
                return RegistryCredentials(
                    username: String(text[..<colon]), password: String(text[text.index(after: colon)...]), source: path)
            }
            if let user = entry["username"]?.stringValue, let password = entry["password"]?.stringValue {
                return RegistryCredentials(username: user, password: password, source: path)
            }
        }
        return nil
    }

    /// An `auths` key reduced to host[:port], lower-cased.
    static func keyHost(_ key: String) -> String {
        var text = key
        if let range = text.range(of: "://") { text = String(text[range.upperBound...]) }
        if let slash = text.firstIndex(of: "/") { text = String(text[..<slash]) }
        return ImageReference.canonicalHost(text).lowercased()
    }

    private func expand(_ path: String) -> String {
        if path.hasPrefix("~/"), let home = environment["HOME"] { return home + path.dropFirst(1) }
        return path
    }
}
