import Foundation

/// Finds and reads the settings file. The environment is injected so tests
/// never read the operator's real one.
public struct SettingsLoader: Sendable {
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// `$XDG_CONFIG_HOME/marvdash/config.yaml`, else `~/.config/marvdash/config.yaml`.
    public var path: String? {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/marvdash/config.yaml" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/marvdash/config.yaml" }
        return nil
    }

    /// The settings, or the defaults when there is no file.
    public func load() throws -> Settings {
        guard let path else { return Settings() }
        let bytes: [UInt8]
        do {
            bytes = try LocalFile.read(path)
        } catch where error.isNotFound {
            return Settings()
        } catch {
            throw SettingsError(file: path, mark: nil, message: "cannot read the file: \(error.detail); check that it is a readable file")
        }
        return try parse(String(decoding: bytes, as: UTF8.self), file: path)
    }

    static let knownKeys = [
        "theme", "namespace", "refreshSeconds", "readOnly", "layers", "templateDirs", "registry", "vpn", "ingressDomain", "api",
        "livenessSeconds", "authUser", "volumes", "mouse",
    ]

    /// Parses settings text; `file` names it in errors.
    public func parse(_ text: String, file: String) throws -> Settings {
        let docs: [YAMLNode]
        do {
            docs = try YAML.parse(text, file: file)
        } catch let e as YAMLError {
            throw SettingsError(file: file, mark: e.mark, message: e.message)
        }
        var settings = Settings(source: file)
        guard let root = docs.first else { return settings }
        if case .scalar(let s, _) = root.kind, s.isEmpty || s == "~" || s == "null" { return settings }
        guard case .mapping(let pairs) = root.kind else {
            throw SettingsError(file: file, mark: root.mark, message: "the settings must be a mapping of names to values")
        }
        for pair in pairs {
            let key = pair.key.scalar ?? ""
            let value = pair.value
            switch key {
            case "theme": settings.theme = try string(value, key, file)
            case "namespace": settings.namespace = try string(value, key, file)
            case "refreshSeconds":
                let v = try json(value, file)
                guard let d = v.doubleValue, d >= 0.2, d <= 3600 else {
                    throw SettingsError(file: file, mark: value.mark, message: "refreshSeconds must be a number from 0.2 to 3600")
                }
                settings.refreshSeconds = d
            case "readOnly":
                guard let b = try json(value, file).boolValue else {
                    throw SettingsError(file: file, mark: value.mark, message: "readOnly must be true or false")
                }
                settings.readOnly = b
            case "mouse":
                guard let b = try json(value, file).boolValue else {
                    throw SettingsError(file: file, mark: value.mark, message: "mouse must be true or false")
                }
                settings.mouse = b
            case "layers":
                let vpn = settings.layerRules.vpnRanges
                settings.layerRules = try layerRules(value, file)
                settings.layerRules.vpnRanges = vpn
            case "api":
                settings.client = try clientOptions(value, file)
            case "livenessSeconds":
                guard let d = try json(value, file).doubleValue, d == 0 || (d >= 0.5 && d <= 600) else {
                    throw SettingsError(file: file, mark: value.mark, message: "livenessSeconds must be 0 (no probe) or a number from 0.5 to 600")
                }
                settings.livenessSeconds = d
            case "templateDirs":
                guard case .array(let items) = try json(value, file), items.allSatisfy({ $0.stringValue != nil }) else {
                    throw SettingsError(file: file, mark: value.mark, message: "templateDirs must be a list of folder paths")
                }
                settings.templateDirs = items.compactMap(\.stringValue)
            case "registry":
                settings.registry = try registrySettings(value, file)
            case "vpn":
                settings.layerRules.vpnRanges = try vpnRanges(value, file)
            case "authUser":
                let user = try string(value, key, file)
                if let problem = IngressBasicAuth.userProblem(user) {
                    throw SettingsError(file: file, mark: value.mark, message: "authUser: \(problem)")
                }
                settings.authUser = user
            case "volumes":
                settings.volumes = try volumeSettings(value, file)
            case "ingressDomain":
                let domain = try string(value, key, file)
                if let problem = AutomaticValues.domainProblem(domain) {
                    throw SettingsError(file: file, mark: value.mark, message: "ingressDomain \(problem)")
                }
                settings.ingressDomain = domain
            default:
                throw SettingsError(
                    file: file, mark: pair.key.mark,
                    message: "unknown setting '\(key)' (known: \(Self.knownKeys.joined(separator: ", ")))")
            }
        }
        return settings
    }

    private func json(_ node: YAMLNode, _ file: String) throws -> JSONValue {
        do { return try node.toJSON() } catch let e as YAMLError {
            throw SettingsError(file: file, mark: e.mark ?? node.mark, message: e.message)
        }
    }

    /// `volumes: {privateSize: 1Gi, sharedSize: 10Gi, storageClass: local-path}`, each optional.
    private func volumeSettings(_ node: YAMLNode, _ file: String) throws -> VolumeSettings {
        guard case .mapping(let pairs) = node.kind else {
            throw SettingsError(file: file, mark: node.mark, message: "volumes must be a mapping with privateSize, sharedSize and storageClass")
        }
        var out = VolumeSettings()
        for pair in pairs {
            let key = pair.key.scalar ?? ""
            let text = try string(pair.value, "volumes.\(key)", file)
            switch key {
            case "privateSize", "sharedSize":
                guard let size = try? Quantity(parsing: text), size.nanos > 0 else {
                    throw SettingsError(file: file, mark: pair.value.mark, message: "volumes.\(key) must be a size such as 1Gi or 500Mi")
                }
                if key == "privateSize" { out.privateSize = text } else { out.sharedSize = text }
            case "storageClass":
                out.storageClass = text.isEmpty ? nil : text
            default:
                throw SettingsError(
                    file: file, mark: pair.key.mark, message: "unknown volumes setting '\(key)' (known: privateSize, sharedSize, storageClass)")
            }
        }
        return out
    }

    private func string(_ node: YAMLNode, _ key: String, _ file: String) throws -> String {
        guard let s = try json(node, file).stringValue, !s.isEmpty else {
            throw SettingsError(file: file, mark: node.mark, message: "\(key) must be a non-empty string")
        }
        return s
    }

    /// `vpn: {ranges: [10.20.0.0/16, …]}`: the EdgeSec VPN's address ranges.
    private func vpnRanges(_ node: YAMLNode, _ file: String) throws -> [IPv4Range] {
        guard case .mapping(let pairs) = node.kind else {
            throw SettingsError(file: file, mark: node.mark, message: "vpn must be a mapping with ranges (e.g. ranges: [10.20.0.0/16])")
        }
        var out: [IPv4Range] = []
        for pair in pairs {
            guard pair.key.scalar == "ranges" else {
                throw SettingsError(file: file, mark: pair.key.mark, message: "unknown setting 'vpn.\(pair.key.scalar ?? "")' (known: ranges)")
            }
            let items: [YAMLNode]
            switch pair.value.kind {
            case .sequence(let list): items = list
            case .scalar: items = [pair.value]
            case .mapping: throw SettingsError(file: file, mark: pair.value.mark, message: "vpn.ranges must be a list of CIDR ranges, e.g. [10.20.0.0/16]")
            }
            for item in items {
                guard let text = item.scalar, let range = IPv4Range(parsing: text) else {
                    throw SettingsError(file: file, mark: item.mark, message: "vpn.ranges: '\(item.scalar ?? "")' is not an IPv4 CIDR range such as 10.20.0.0/16")
                }
                out.append(range)
            }
        }
        return out
    }

    /// `api: {qps, burst, requestTimeout}`: the client-side rate limit and the read timeout.
    private func clientOptions(_ node: YAMLNode, _ file: String) throws -> KubeClientOptions {
        guard case .mapping(let pairs) = node.kind else {
            throw SettingsError(file: file, mark: node.mark, message: "api must be a mapping with qps, burst and requestTimeout")
        }
        var options = KubeClientOptions()
        for pair in pairs {
            let value = try json(pair.value, file)
            switch pair.key.scalar ?? "" {
            case "qps":
                guard let d = value.doubleValue, d >= 0, d <= 100_000 else {
                    throw SettingsError(file: file, mark: pair.value.mark, message: "api.qps must be a number from 0 (no limit) to 100000")
                }
                options.qps = d
            case "burst":
                guard let n = value.intValue, n >= 1, n <= 100_000 else {
                    throw SettingsError(file: file, mark: pair.value.mark, message: "api.burst must be a whole number from 1 to 100000")
                }
                options.burst = n
            case "requestTimeout":
                guard let d = value.doubleValue, d == 0 || (d >= 0.5 && d <= 3600) else {
                    throw SettingsError(
                        file: file, mark: pair.value.mark, message: "api.requestTimeout must be 0 (none) or seconds from 0.5 to 3600")
                }
                options.readTimeout = d
            default:
                throw SettingsError(
                    file: file, mark: pair.key.mark,
                    message: "unknown setting 'api.\(pair.key.scalar ?? "")' (known: qps, burst, requestTimeout)")
            }
        }
        return options
    }

    private func layerRules(_ node: YAMLNode, _ file: String) throws -> LayerRules {
        guard case .mapping(let pairs) = node.kind else {
            throw SettingsError(file: file, mark: node.mark, message: "layers must be a mapping with labelKeys and siteKey")
        }
        var rules = LayerRules()
        for pair in pairs {
            switch pair.key.scalar ?? "" {
            case "labelKeys":
                guard case .array(let items) = try json(pair.value, file), !items.isEmpty,
                    items.allSatisfy({ ($0.stringValue ?? "").isEmpty == false })
                else {
                    throw SettingsError(file: file, mark: pair.value.mark, message: "layers.labelKeys must be a non-empty list of label keys")
                }
                rules.labelKeys = items.compactMap(\.stringValue)
            case "siteKey":
                rules.siteKey = try string(pair.value, "layers.siteKey", file)
            default:
                throw SettingsError(
                    file: file, mark: pair.key.mark,
                    message: "unknown setting 'layers.\(pair.key.scalar ?? "")' (known: labelKeys, siteKey)")
            }
        }
        return rules
    }
}
