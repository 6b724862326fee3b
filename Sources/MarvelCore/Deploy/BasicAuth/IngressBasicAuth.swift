import Foundation

/// Basic auth on an instance's Ingresses, as Karvdash does unless a template
/// says `auth: no`: each Ingress gets ingress-nginx's auth annotations naming
/// one Secret per instance (`marvdash-auth.<instance>`, type Opaque, key
/// `auth`: one htpasswd line `user:$apr1$…`), labelled like the instance's
/// other objects so `delete` removes it. The password is never stored in clear:
/// the record's Ingresses only name the Secret, and the Secret holds the hash.
public enum IngressBasicAuth {
    public static let typeAnnotation = "nginx.ingress.kubernetes.io/auth-type"
    public static let secretAnnotation = "nginx.ingress.kubernetes.io/auth-secret"
    public static let realmAnnotation = "nginx.ingress.kubernetes.io/auth-realm"
    /// The label every auth Secret carries (besides the instance's labels).
    public static let label = "marvdash.io/basic-auth"
    /// The annotation on the Secret naming its user (so a rotation keeps it).
    public static let userAnnotation = "marvdash.io/auth-user"
    /// The user when neither the config nor a flag names one.
    public static let defaultUser = "admin"

    /// "marvdash-auth.<instance>": a dot, so no instance record (`marvdash-<DNS label>`) can have this name.
    public static func secretName(instance: String) -> String { "marvdash-auth.\(instance)" }

    /// `manifests` with every Ingress annotated for basic auth with the instance's Secret.
    /// An Ingress whose author already chose an `auth-type` is left as written.
    public static func protecting(_ manifests: [JSONValue], instance: String) -> [JSONValue] {
        manifests.map { manifest in
            guard DeployObject.kind(manifest) == "Ingress", manifest.at("metadata", "annotations", typeAnnotation) == nil else { return manifest }
            var o = manifest
            var annotations = o.at("metadata", "annotations")?.objectValue ?? JSONObject()
            annotations[typeAnnotation] = "basic"
            annotations[secretAnnotation] = .string(secretName(instance: instance))
            annotations[realmAnnotation] = .string("marvdash: \(instance) — authentication required")
            o["metadata"]?["annotations"] = .object(annotations)
            return o
        }
    }

    /// The instance's auth Secret when some Ingress of `manifests` names it, else nil.
    public static func referencedSecret(_ manifests: [JSONValue], instance: String) -> String? {
        let name = secretName(instance: instance)
        let referenced = manifests.contains { manifest in
            DeployObject.kind(manifest) == "Ingress" && manifest.at("metadata", "annotations", secretAnnotation)?.stringValue == name
        }
        return referenced ? name : nil
    }

    /// The auth Secret of `instance` holding `user`'s htpasswd line for `password` (a fresh random salt).
    static func secret(instance: String, template: String, namespace: String, user: String, password: String) -> JSONValue {
        let line = "\(user):\(APR1Hash.hash(password: password, salt: APR1Hash.randomSalt()))"
        var labels = JSONObject()
        for (key, value) in InstanceLabels.labels(name: instance, template: template) { labels[key] = .string(value) }
        labels[label] = "true"
        return [
            "apiVersion": "v1", "kind": "Secret",
            "metadata": [
                "name": .string(secretName(instance: instance)), "namespace": .string(namespace),
                "labels": .object(labels), "annotations": [userAnnotation: .string(user)],
            ],
            "type": "Opaque",
            "data": ["auth": .string(Data((line + "\n").utf8).base64EncodedString())],
        ]
    }

    /// A user name htpasswd accepts (no ':' and no line break), nil when `user` is fine; else why not.
    public static func userProblem(_ user: String) -> String? {
        if user.isEmpty { return "the basic-auth user is empty; give a name such as admin" }
        if user.contains(":") || user.contains(where: \.isNewline) { return "the basic-auth user \"\(user)\" holds ':' or a line break; choose another" }
        return nil
    }

    /// 20 characters from letters and digits (about 119 bits), drawn with SystemRandomNumberGenerator (getrandom).
    public static func generatePassword() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}

/// The user and password of an instance's basic auth, given to the caller once
/// (after a deploy, or an upgrade or rollback that made a new password); never stored.
public struct BasicAuthCredentials: Sendable, Hashable {
    public var user: String
    public var password: String
    /// The Secret holding the hash.
    public var secret: String

    public init(user: String, password: String, secret: String) {
        self.user = user
        self.password = password
        self.secret = secret
    }

    /// "basic auth: user admin, password XXXX (shown once: marvdash keeps only its hash in Secret …)".
    public var displayLines: [String] {
        [
            "basic auth on its Ingresses: user \(user), password \(password)",
            "  (shown once: marvdash keeps only its hash, in Secret \(secret); upgrade --rotate-password makes a new one)",
        ]
    }
}

/// How a deploy, upgrade or rollback treats basic auth: the user, a password
/// chosen by the caller (nil: generated), and whether to replace an existing one.
public struct BasicAuthRequest: Sendable, Hashable {
    /// nil: the Secret's recorded user, else `IngressBasicAuth.defaultUser`.
    public var user: String?
    public var password: String?
    public var rotate: Bool

    public init(user: String? = nil, password: String? = nil, rotate: Bool = false) {
        self.user = user
        self.password = password
        self.rotate = rotate
    }
}
