import Foundation
import Synchronization

/// Where the embedded cluster's in-process federated servers listen. A server pod listens on
/// a loopback port of its own; a client pod's `--server http://NAME:8080` names the server's
/// Service, whose name is the `app` label of the server's pods (the fedl-dynhp-server
/// template makes them equal), so a client finds its server by namespace and that name.
final class SimFedLDirectory: Sendable {
    private let servers = Mutex<[String: String]>([:])

    static func key(namespace: String, service: String) -> String { "\(namespace)/\(service)" }

    /// The Service name a `--server` URL names: the first DNS label of its host.
    static func service(inURL url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        let host = rest.prefix { $0 != ":" && $0 != "/" }
        return String(host.split(separator: ".").first ?? host)
    }

    func register(namespace: String, service: String, url: String) {
        servers.withLock { $0[Self.key(namespace: namespace, service: service)] = url }
    }

    func remove(namespace: String, service: String, url: String) {
        servers.withLock { s in
            let key = Self.key(namespace: namespace, service: service)
            if s[key] == url { s[key] = nil }
        }
    }

    func url(namespace: String, service: String) -> String? {
        servers.withLock { $0[Self.key(namespace: namespace, service: service)] }
    }
}
