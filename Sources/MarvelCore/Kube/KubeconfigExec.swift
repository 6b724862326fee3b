import Foundation

/// Reads a user's `exec` block (client.authentication.k8s.io v1/v1beta1) into
/// an `ExecConfig`, with kubectl's rules: apiVersion and command required;
/// interactiveMode required for v1 (v1beta1 defaults to IfAvailable) and one
/// of Never, IfAvailable, Always; a command with a slash that is not absolute
/// is relative to the kubeconfig's folder; with provideClusterInfo the plugin
/// is told the cluster (server, CA data, tls-server-name, insecure flag,
/// proxy-url, disable-compression and the cluster's exec extension config).
extension KubeconfigResolver {
    func execConfig(
        _ node: YAMLNode, user: Kubeconfig.Entry, cluster: Kubeconfig.Entry, server: String, tls: TLSOptions
    ) throws(KubeconfigError) -> ExecConfig {
        let prefix = "users[\(user.name)].user.exec"
        func at(_ n: YAMLNode?) -> ConfigLocation { ConfigLocation(file: user.file, mark: (n ?? node).mark) }
        func invalid(_ field: String, _ n: YAMLNode?, _ problem: String) -> KubeconfigError {
            .invalidField(at: at(n), field: "\(prefix).\(field)", problem: problem)
        }
        guard case .mapping = node.kind else { throw invalid("", node, "must be a mapping with apiVersion and command") }

        guard let apiVersion = nonEmpty(node["apiVersion"]?.scalar) else {
            throw invalid("apiVersion", nil, "is missing; use \(ExecConfig.apiVersions[0])")
        }
        guard ExecConfig.apiVersions.contains(apiVersion) else {
            throw invalid("apiVersion", node["apiVersion"], "\"\(apiVersion)\" is not supported; use \(ExecConfig.apiVersions.joined(separator: " or "))")
        }
        guard let rawCommand = nonEmpty(node["command"]?.scalar) else {
            throw invalid("command", nil, "is missing; name the plugin to run (e.g. aws, gke-gcloud-auth-plugin, kubelogin)")
        }
        let command = rawCommand.contains("/")
            ? LocalFile.resolve(rawCommand, against: LocalFile.directory(of: user.file), home: home) : rawCommand

        var config = ExecConfig(user: user.name, apiVersion: apiVersion, command: command)
        config.args = try strings(node["args"], field: "\(prefix).args", file: user.file)
        config.env = try envVars(node["env"], prefix: prefix, file: user.file)
        config.installHint = node["installHint"]?.scalar ?? ""

        if let modeNode = node["interactiveMode"], let text = nonEmpty(modeNode.scalar) {
            guard let mode = ExecConfig.InteractiveMode(rawValue: text) else {
                throw invalid("interactiveMode", modeNode, "\"\(text)\" is not one of Never, IfAvailable, Always")
            }
            config.interactiveMode = mode
        } else if apiVersion == ExecConfig.apiVersions[0] {
            throw invalid("interactiveMode", nil, "is required for \(apiVersion); set Never, IfAvailable or Always")
        }

        if let flag = node["provideClusterInfo"], try bool(flag, field: "\(prefix).provideClusterInfo", file: user.file) {
            config.clusterInfo = try clusterInfo(cluster, server: server, tls: tls)
        }
        return config
    }

    /// `spec.cluster` of the ExecCredential input.
    private func clusterInfo(_ cluster: Kubeconfig.Entry, server: String, tls: TLSOptions) throws(KubeconfigError) -> JSONValue {
        var info: JSONObject = ["server": .string(server)]
        if let name = tls.serverName { info["tls-server-name"] = .string(name) }
        if tls.insecureSkipVerify { info["insecure-skip-tls-verify"] = true }
        if let ca = tls.caPEM { info["certificate-authority-data"] = .string(Data(ca).base64EncodedString()) }
        if let proxy = nonEmpty(cluster.body?["proxy-url"]?.scalar) { info["proxy-url"] = .string(proxy) }
        if let flag = cluster.body?["disable-compression"],
            try bool(flag, field: "clusters[\(cluster.name)].cluster.disable-compression", file: cluster.file)
        {
            info["disable-compression"] = true
        }
        // The cluster's extension named client.authentication.k8s.io/exec is the plugin's own configuration.
        if case .sequence(let extensions)? = cluster.body?["extensions"]?.kind {
            for item in extensions where item["name"]?.scalar == "client.authentication.k8s.io/exec" {
                if let ext = item["extension"], let json = try? ext.toJSON() { info["config"] = json }
            }
        }
        return .object(info)
    }

    private func strings(_ node: YAMLNode?, field: String, file: String) throws(KubeconfigError) -> [String] {
        guard let node, !isNull(node) else { return [] }
        guard case .sequence(let items) = node.kind else {
            throw .invalidField(at: ConfigLocation(file: file, mark: node.mark), field: field, problem: "must be a list of strings")
        }
        var out: [String] = []
        for item in items {
            guard let text = item.scalar, case .scalar = item.kind else {
                throw .invalidField(at: ConfigLocation(file: file, mark: item.mark), field: field, problem: "must be a list of strings")
            }
            out.append(text)
        }
        return out
    }

    private func envVars(_ node: YAMLNode?, prefix: String, file: String) throws(KubeconfigError) -> [ExecConfig.EnvVar] {
        guard let node, !isNull(node) else { return [] }
        guard case .sequence(let items) = node.kind else {
            throw .invalidField(
                at: ConfigLocation(file: file, mark: node.mark), field: "\(prefix).env", problem: "must be a list of {name, value}")
        }
        var out: [ExecConfig.EnvVar] = []
        for item in items {
            guard case .mapping = item.kind, let name = nonEmpty(item["name"]?.scalar) else {
                throw .invalidField(
                    at: ConfigLocation(file: file, mark: item.mark), field: "\(prefix).env", problem: "entries need a name (and a value)")
            }
            out.append(ExecConfig.EnvVar(name: name, value: item["value"]?.scalar ?? ""))
        }
        return out
    }
}
