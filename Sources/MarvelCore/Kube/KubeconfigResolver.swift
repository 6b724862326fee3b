import Foundation

/// Turns a merged `Kubeconfig` and a context choice into a `KubeTarget`:
/// reads certificate files (relative to the file that names them), decodes
/// `*-data`, picks the one auth method and collects warnings.
struct KubeconfigResolver {
    var config: Kubeconfig
    var home: String?

    func target(context override: String?, namespace nsOverride: String?) throws(KubeconfigError) -> KubeTarget {
        let sources = config.sourceDescription
        guard let contextName = nonEmpty(override) ?? config.currentContext else {
            throw .noContext(sources: sources, available: config.contextNames)
        }
        guard let context = config.contexts[contextName] else {
            throw .unknownContext(name: contextName, sources: sources, available: config.contextNames)
        }
        let body = context.body
        guard let clusterNode = body?["cluster"], let clusterName = nonEmpty(clusterNode.scalar) else {
            throw .invalidField(
                at: ConfigLocation(file: context.file, mark: body?.mark ?? context.location.mark),
                field: "contexts[\(contextName)].context.cluster", problem: "is missing; name one of the clusters")
        }
        guard let cluster = config.clusters[clusterName] else {
            throw .missingReference(
                context: contextName, kind: "cluster", name: clusterName,
                at: ConfigLocation(file: context.file, mark: clusterNode.mark), sources: sources)
        }
        var warnings: [String] = []
        var tls = try clusterTLS(cluster, warnings: &warnings)
        let server = try serverURL(cluster)

        var auth = KubeTarget.Auth.none
        var userName = ""
        if let userNode = body?["user"], let name = nonEmpty(userNode.scalar) {
            guard let user = config.users[name] else {
                throw .missingReference(
                    context: contextName, kind: "user", name: name,
                    at: ConfigLocation(file: context.file, mark: userNode.mark), sources: sources)
            }
            userName = name
            auth = try userAuth(user, tls: &tls, cluster: cluster, server: server)
        }
        if tls.insecureSkipVerify && server.hasPrefix("https") {
            warnings.append("TLS verification is disabled for cluster \(clusterName) by insecure-skip-tls-verify")
        }
        if server.hasPrefix("http://") && auth != .none {
            warnings.append("credentials of user \(userName) are sent without TLS to \(SecretRedaction.url(server))")
        }
        let namespace = nonEmpty(nsOverride) ?? nonEmpty(body?["namespace"]?.scalar) ?? "default"
        return KubeTarget(
            contextName: contextName, clusterName: clusterName, userName: userName, server: server,
            namespace: namespace, tls: tls, auth: auth, sourceDescription: sources, warnings: warnings)
    }

    private func serverURL(_ cluster: Kubeconfig.Entry) throws(KubeconfigError) -> String {
        guard let node = cluster.body?["server"], let server = nonEmpty(node.scalar) else {
            throw .noServer(cluster: cluster.name, at: ConfigLocation(file: cluster.file, mark: cluster.body?.mark ?? cluster.location.mark))
        }
        guard server.hasPrefix("https://") || server.hasPrefix("http://") else {
            throw .invalidField(
                at: ConfigLocation(file: cluster.file, mark: node.mark), field: "clusters[\(cluster.name)].cluster.server",
                problem: "'\(SecretRedaction.url(server))' is not an http(s) URL; use e.g. https://10.0.0.1:6443")
        }
        return server
    }

    private func clusterTLS(_ cluster: Kubeconfig.Entry, warnings: inout [String]) throws(KubeconfigError) -> TLSOptions {
        var tls = TLSOptions()
        let owner = "cluster \"\(cluster.name)\""
        tls.caPEM = try material(cluster, data: "certificate-authority-data", file: "certificate-authority", owner: owner)
        if let node = cluster.body?["insecure-skip-tls-verify"] {
            tls.insecureSkipVerify = try bool(node, field: "insecure-skip-tls-verify", file: cluster.file)
        }
        tls.serverName = nonEmpty(cluster.body?["tls-server-name"]?.scalar)
        if cluster.body?["proxy-url"] != nil {
            warnings.append("proxy-url of cluster \(cluster.name) is ignored: marvdash connects directly")
        }
        return tls
    }

    private func userAuth(_ user: Kubeconfig.Entry, tls: inout TLSOptions, cluster: Kubeconfig.Entry, server: String)
        throws(KubeconfigError) -> KubeTarget.Auth
    {
        let body = user.body
        let at = ConfigLocation(file: user.file, mark: body?.mark ?? user.location.mark)
        if let n = body?["auth-provider"], !isNull(n) {
            throw .authProvider(user: user.name, provider: n["name"]?.scalar ?? "", at: ConfigLocation(file: user.file, mark: n.mark))
        }
        let owner = "user \"\(user.name)\""
        var methods: [String] = []
        let execNode = body?["exec"].flatMap { isNull($0) ? nil : $0 }
        if execNode != nil { methods.append("exec plugin") }
        let token = nonEmpty(body?["token"]?.scalar)
        let tokenFile = nonEmpty(body?["tokenFile"]?.scalar)
        if token != nil || tokenFile != nil { methods.append("token") }
        let hasCert = has(body, "client-certificate") || has(body, "client-certificate-data")
        let hasKey = has(body, "client-key") || has(body, "client-key-data")
        if hasCert || hasKey { methods.append("client certificate") }
        let username = nonEmpty(body?["username"]?.scalar)
        let password = body?["password"]?.scalar
        if username != nil || nonEmpty(password) != nil { methods.append("username/password") }
        if methods.count > 1 { throw .twoAuthMethods(user: user.name, methods: methods, at: at) }

        if hasCert || hasKey {
            if !hasCert { throw .incompleteClientCertificate(user: user.name, missing: "client-certificate", at: at) }
            if !hasKey { throw .incompleteClientCertificate(user: user.name, missing: "client-key", at: at) }
            tls.clientCertificatePEM = try material(user, data: "client-certificate-data", file: "client-certificate", owner: owner)
            tls.clientKeyPEM = try material(user, data: "client-key-data", file: "client-key", owner: owner)
            return .none
        }
        if let execNode { return .exec(try execConfig(execNode, user: user, cluster: cluster, server: server, tls: tls)) }
        if let token { return .bearer(token) }
        if let tokenFile, let node = body?["tokenFile"] {
            let path = LocalFile.resolve(tokenFile, against: LocalFile.directory(of: user.file), home: home)
            do {
                let text = String(decoding: try LocalFile.read(path), as: UTF8.self).trimmingWhitespace()
                guard !text.isEmpty else {
                    throw KubeconfigError.unreadableReferencedFile(
                        path: path, field: "tokenFile", owner: owner, at: ConfigLocation(file: user.file, mark: node.mark),
                        detail: "the file is empty")
                }
                return .tokenFile(path: path)  // read again before requests, so a rotated token is used
            } catch let e as LocalFile.ReadError {
                throw .unreadableReferencedFile(
                    path: path, field: "tokenFile", owner: owner, at: ConfigLocation(file: user.file, mark: node.mark), detail: e.detail)
            } catch let e as KubeconfigError {
                throw e
            } catch {
                throw .unreadableReferencedFile(
                    path: path, field: "tokenFile", owner: owner, at: ConfigLocation(file: user.file, mark: node.mark), detail: "\(error)")
            }
        }
        if let username { return .basic(user: username, password: password ?? "") }
        return .none
    }

    /// PEM bytes from `<data>` (base64, wins) or the file named by `<file>`, or nil when neither is set.
    private func material(_ entry: Kubeconfig.Entry, data: String, file: String, owner: String) throws(KubeconfigError) -> [UInt8]? {
        if let node = entry.body?[data], let text = nonEmpty(node.scalar) {
            let compact = text.filter { !$0.isWhitespace }
            guard let decoded = Data(base64Encoded: compact) else {
                throw .badBase64(field: data, owner: owner, at: ConfigLocation(file: entry.file, mark: node.mark))
            }
            return [UInt8](decoded)
        }
        if let node = entry.body?[file], let name = nonEmpty(node.scalar) {
            let path = LocalFile.resolve(name, against: LocalFile.directory(of: entry.file), home: home)
            do {
                return try LocalFile.read(path)
            } catch {
                throw .unreadableReferencedFile(
                    path: path, field: file, owner: owner, at: ConfigLocation(file: entry.file, mark: node.mark), detail: error.detail)
            }
        }
        return nil
    }

    func bool(_ node: YAMLNode, field: String, file: String) throws(KubeconfigError) -> Bool {
        switch (try? node.toJSON()) ?? .null {
        case .bool(let b): return b
        case .null: return false
        case .string(let s) where s.lowercased() == "true": return true
        case .string(let s) where s.lowercased() == "false": return false
        default:
            throw .invalidField(at: ConfigLocation(file: file, mark: node.mark), field: field, problem: "must be true or false")
        }
    }

    private func has(_ body: YAMLNode?, _ key: String) -> Bool { nonEmpty(body?[key]?.scalar) != nil }
    func isNull(_ n: YAMLNode) -> Bool {
        if case .scalar(let s, _) = n.kind { return s.isEmpty || s == "null" || s == "~" }
        return false
    }
    func nonEmpty(_ s: String?) -> String? { (s?.isEmpty ?? true) ? nil : s }
}
