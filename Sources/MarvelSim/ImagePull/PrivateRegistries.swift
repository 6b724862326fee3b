import MarvelCore

/// Which registries of the embedded cluster need a login to pull from, and
/// the logins they accept (the seed's `registry.marvel-platform.eu` is one:
/// section 3.2 step 1). Every other registry is public. A pod pulls a
/// private image only when one of its `imagePullSecrets` holds an accepted
/// login for that registry, as a kubelet does.
public struct PrivateRegistries: Sendable, Equatable {
    /// Canonical lower-cased host[:port] → the username/password pairs it accepts.
    public var accepted: [String: [Login]]

    /// A username and password a registry accepts.
    public struct Login: Sendable, Hashable {
        public var username: String
        public var password: String
        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }
    }

    public init(_ accepted: [String: [Login]] = [:]) {
        var out: [String: [Login]] = [:]
        for (host, logins) in accepted { out[ImageReference.canonicalHost(host).lowercased(), default: []] += logins }
        self.accepted = out
    }

    /// Every registry public (the default).
    public static let none = PrivateRegistries()

    /// Whether images on `registry` need a login.
    public func isPrivate(_ registry: String) -> Bool {
        accepted[ImageReference.canonicalHost(registry).lowercased()] != nil
    }

    /// Whether `registry` accepts `username`/`password`.
    public func accepts(_ registry: String, username: String, password: String) -> Bool {
        (accepted[ImageReference.canonicalHost(registry).lowercased()] ?? []).contains(Login(username: username, password: password))
    }
}
