/// The service-account access a pod gets: KUBERNETES_SERVICE_HOST/PORT and the
/// token, CA and namespace files in the service-account folder. The token is
/// checked here and read again by the client whenever the file changes
/// (projected tokens rotate).
struct InClusterConfig {
    var environment: [String: String]
    var directory: String

    /// The target, or nil when not running in a cluster (no host/port or no token file).
    func target(namespace override: String?) throws(KubeconfigError) -> KubeTarget? {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else { return nil }
        let tokenPath = directory + "/token"
        let token: String
        do {
            token = String(decoding: try LocalFile.read(tokenPath), as: UTF8.self).trimmingWhitespace()
        } catch let e where e.isNotFound {
            return nil
        } catch {
            throw .inCluster(detail: "cannot read the service-account token \(tokenPath): \(error.detail)")
        }
        guard !token.isEmpty else { throw .inCluster(detail: "the service-account token \(tokenPath) is empty") }
        guard let portNumber = Int(port), (1...65535).contains(portNumber) else {
            throw .inCluster(detail: "KUBERNETES_SERVICE_PORT '\(port)' is not a port number (1-65535); check the pod's environment")
        }
        var tls = TLSOptions()
        let caPath = directory + "/ca.crt"
        do {
            tls.caPEM = try LocalFile.read(caPath)
        } catch let e where e.isNotFound {
            tls.caPEM = nil  // verify against the system roots
        } catch {
            throw .inCluster(detail: "cannot read the service-account CA \(caPath): \(error.detail)")
        }
        var namespace = (try? LocalFile.read(directory + "/namespace")).map { String(decoding: $0, as: UTF8.self).trimmingWhitespace() }
        if namespace?.isEmpty ?? true { namespace = nil }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return KubeTarget(
            contextName: "in-cluster", clusterName: "in-cluster", userName: "service-account",
            server: "https://\(hostPart):\(portNumber)", namespace: override ?? namespace ?? "default", tls: tls,
            auth: .tokenFile(path: tokenPath), sourceDescription: "in-cluster")
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let ws: Set<Character> = [" ", "\t", "\n", "\r"]
        var s = Substring(self)
        while let f = s.first, ws.contains(f) { s.removeFirst() }
        while let l = s.last, ws.contains(l) { s.removeLast() }
        return String(s)
    }
}
