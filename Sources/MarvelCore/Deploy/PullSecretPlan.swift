import Foundation

/// What a deploy does so its pods can pull from registries that need a login:
/// one `kubernetes.io/dockerconfigjson` Secret per registry and namespace
/// (`marvdash-pull.<registry>`, shared by every instance there, created or
/// updated by each deploy, upgrade and rollback), and `imagePullSecrets`
/// naming it in every pod template whose images are on that registry.
/// Registries without configured credentials are pulled anonymously.
public struct PullSecretPlan: Sendable {
    /// The Secrets to apply (never printed; their data holds the password).
    public var secrets: [JSONValue]
    /// The manifests with `imagePullSecrets` added where their images need them.
    public var manifests: [JSONValue]
    /// The passwords, so messages can mask them.
    public var passwords: [String]

    /// The label every pull Secret carries (besides managed-by).
    public static let label = "marvdash.io/pull-secret"
    /// The annotation naming the registry a pull Secret is for.
    public static let registryAnnotation = "marvdash.io/registry"

    /// The plan for `manifests` in `namespace`, asking `source` for each registry their pods pull from.
    public init(manifests: [JSONValue], namespace: String, source: (any PullCredentialSource)?) throws(RegistryError) {
        var byRegistry: [String: RegistryCredentials] = [:]
        var asked = Set<String>()
        for manifest in manifests {
            for image in PodSpecEditing.images(manifest) {
                guard let ref = ImageReference(parsing: image) else { continue }
                let host = ref.registry.lowercased()
                guard asked.insert(host).inserted, let source else { continue }
                if let c = try source.credentials(forRegistry: host) { byRegistry[host] = c }
            }
        }
        secrets = byRegistry.keys.sorted().compactMap { host in
            byRegistry[host].map { Self.secret(registry: host, credentials: $0, namespace: namespace) }
        }
        passwords = byRegistry.values.map(\.password)
        self.manifests = manifests.map { manifest in
            let needed = Array(Set(PodSpecEditing.images(manifest).compactMap { ImageReference(parsing: $0)?.registry.lowercased() }))
                .filter { byRegistry[$0] != nil }.sorted().map(Self.secretName(registry:))
            guard !needed.isEmpty else { return manifest }
            return PodSpecEditing.editingPodSpec(manifest) { spec in
                var list = spec["imagePullSecrets"]?.arrayValue ?? []
                let present = Set(list.compactMap { $0["name"]?.stringValue })
                for name in needed where !present.contains(name) { list.append(["name": .string(name)]) }
                spec["imagePullSecrets"] = .array(list)
            }
        }
    }

    /// "marvdash-pull.registry.marvel-platform.eu" (a ':' becomes '-'): a dot, so no instance record
    /// (`marvdash-<DNS label>`) can ever have this name.
    public static func secretName(registry: String) -> String {
        let cleaned = registry.lowercased().map { c -> Character in
            (c.isASCII && (c.isLetter || c.isNumber)) || c == "." || c == "-" ? c : "-"
        }
        return "marvdash-pull." + String(cleaned).trimmingCharacters(in: CharacterSet(charactersIn: ".-"))
    }

    /// The key `docker login` writes for a registry (Docker Hub's is its v1 index URL, as kubelet expects).
    public static func authKey(registry: String) -> String {
        ImageReference.canonicalHost(registry) == ImageReference.dockerHub ? "https://index.docker.io/v1/" : registry
    }

    /// The Secret for one registry.
    static func secret(registry: String, credentials: RegistryCredentials, namespace: String) -> JSONValue {
        let auth = Data("\(credentials.username):\(credentials.password)".utf8).base64EncodedString()
        let config: JSONValue = [
            "auths": .object([
                authKey(registry: registry): [
                    "username": .string(credentials.username), "password": .string(credentials.password), "auth": .string(auth),
                ]
            ])
        ]
        let encoded = Data(config.jsonBytes()).base64EncodedString()
        let labels: JSONObject = [InstanceLabels.managedBy: "marvdash", label: "true"]
        let annotations: JSONObject = [registryAnnotation: .string(registry)]
        return [
            "apiVersion": "v1", "kind": "Secret",
            "metadata": [
                "name": .string(secretName(registry: registry)), "namespace": .string(namespace),
                "labels": .object(labels), "annotations": .object(annotations),
            ],
            "type": "kubernetes.io/dockerconfigjson",
            "data": [".dockerconfigjson": .string(encoded)],
        ]
    }
}
