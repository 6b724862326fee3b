import Foundation
import MarvelCore

/// What a kubelet finds when it pulls a pod's images: for the first image on
/// a private registry that none of the pod's `imagePullSecrets` logs in to,
/// the error containerd reports (pull access denied), worded as a
/// Kubernetes 1.30 node with containerd 1.7 words it; and the pull Secrets
/// the pod names that do not exist.
struct ImagePullCheck {
    /// The image that cannot be pulled, and why.
    struct Denial: Equatable {
        var container: String
        var image: String
        /// containerd's error, as the kubelet puts it after `Failed to pull image "…": `.
        var error: String
    }

    var registries: PrivateRegistries
    var store: ClusterStore

    /// The first image of `pod` (init containers first) that cannot be pulled, nil when all can.
    func denial(for pod: JSONValue) -> Denial? {
        let spec = pod["spec"] ?? .object([:])
        let logins = self.logins(of: pod)
        for key in ["initContainers", "containers"] {
            for container in spec[key]?.arrayValue ?? [] {
                guard let image = container["image"]?.stringValue, let ref = ImageReference(parsing: image),
                    registries.isPrivate(ref.registry)
                else { continue }
                let host = ref.registry
                let allowed = logins.contains { login in
                    login.registry == host.lowercased() && registries.accepts(host, username: login.username, password: login.password)
                }
                if allowed { continue }
                return Denial(container: container["name"]?.stringValue ?? "", image: image, error: Self.accessDenied(ref))
            }
        }
        return nil
    }

    /// containerd's message for a registry that refuses the pull (no or wrong credentials).
    static func accessDenied(_ ref: ImageReference) -> String {
        let full = ref.description
        return "failed to pull and unpack image \"\(full)\": failed to resolve reference \"\(full)\": "
            + "pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"
    }

    /// The names in `imagePullSecrets` that name no Secret of the pod's namespace.
    func missingSecrets(of pod: JSONValue) -> [String] {
        pullSecretNames(pod).filter { store.get("secrets", namespace: pod.objectNamespace, name: $0) == nil }
    }

    private func pullSecretNames(_ pod: JSONValue) -> [String] {
        (pod.at("spec", "imagePullSecrets")?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }.filter { !$0.isEmpty }
    }

    /// The logins in the pod's pull Secrets (`kubernetes.io/dockerconfigjson` and the older `kubernetes.io/dockercfg`).
    func logins(of pod: JSONValue) -> [(registry: String, username: String, password: String)] {
        var out: [(registry: String, username: String, password: String)] = []
        for name in pullSecretNames(pod) {
            guard let secret = store.get("secrets", namespace: pod.objectNamespace, name: name) else { continue }
            let type = secret["type"]?.stringValue ?? ""
            let key = type == "kubernetes.io/dockercfg" ? ".dockercfg" : ".dockerconfigjson"
            guard type == "kubernetes.io/dockerconfigjson" || type == "kubernetes.io/dockercfg",
                let encoded = secret.at("data", key)?.stringValue, let bytes = Data(base64Encoded: encoded),
                let config = try? JSONValue.parse(Array(bytes))
            else { continue }
            let auths = (type == "kubernetes.io/dockercfg" ? config.objectValue : config["auths"]?.objectValue) ?? JSONObject()
            for entry in auths {
                guard let login = Self.login(entry.value) else { continue }
                out.append((Self.host(ofAuthKey: entry.key), login.0, login.1))
            }
        }
        return out
    }

    /// username/password of an auths entry (`auth` = base64 "user:password" wins, as in kubelet's keyring).
    static func login(_ entry: JSONValue) -> (String, String)? {
        if let auth = entry["auth"]?.stringValue, let data = Data(base64Encoded: auth), let text = String(data: data, encoding: .utf8),
            let colon = text.firstIndex(of: ":")
        {
            return (String(text[..<colon]), String(text[text.index(after: colon)...]))
        }
        if let user = entry["username"]?.stringValue, let password = entry["password"]?.stringValue { return (user, password) }
        return nil
    }

    /// An auths key ("registry.example:5000", "https://index.docker.io/v1/") as a canonical lower-cased host.
    static func host(ofAuthKey key: String) -> String {
        var text = key
        if let range = text.range(of: "://") { text = String(text[range.upperBound...]) }
        if let slash = text.firstIndex(of: "/") { text = String(text[..<slash]) }
        return ImageReference.canonicalHost(text).lowercased()
    }
}
