import Foundation
import MarvelCore
import MarvelSim

/// The cluster a command talks to: a kubeconfig target, or the embedded
/// cluster started in this process (kept running while the session lives).
struct ClusterSession {
    var target: KubeTarget
    /// Set when the embedded cluster serves this session.
    var embedded: EmbeddedCluster?
    /// Why the embedded cluster is used ("--demo" or "no kubeconfig found …"), for notes and the title bar.
    var embeddedReason: String?
    var client: KubeClient
    /// Lends the terminal to an exec credential plugin that prompts (the console installs its lender).
    var terminal: TerminalHandoff

    static let embeddedContextName = "marvdash-embedded"

    /// Resolves `options` the kubectl way; falls back to the embedded cluster
    /// when nothing is configured. Every failure is one line. The client's timeouts
    /// and rate limit come from config.yaml (`api:`), then `--request-timeout`. `terminal` is
    /// where an exec credential plugin that prompts gets the terminal (a console's `:ctx`
    /// passes the one its terminal is lent through).
    static func open(
        _ options: ClusterOptions, environment: [String: String] = ProcessInfo.processInfo.environment,
        terminal: TerminalHandoff = TerminalHandoff()
    ) throws -> ClusterSession {
        var clientOptions = try SettingsLoader(environment: environment).load().client
        if let seconds = options.requestTimeoutSeconds { clientOptions.readTimeout = seconds }
        func client(_ target: KubeTarget) -> KubeClient {
            KubeClient(target: target, options: clientOptions, terminal: terminal)
        }
        if options.demo {
            return try embedded(namespace: options.namespace, reason: "--demo", client: client)
        }
        let resolution: KubeconfigResolution
        do {
            resolution = try KubeconfigLoader(environment: environment).resolve(
                kubeconfigPath: options.kubeconfig, context: options.context, namespace: options.namespace)
        } catch {
            throw CommandFailure(error)
        }
        switch resolution {
        case .found(let target):
            return ClusterSession(target: target, embedded: nil, embeddedReason: nil, client: client(target), terminal: terminal)
        case .notFound(let searched):
            if options.context != nil {
                throw CommandFailure("--context \(options.context ?? "") given but no kubeconfig found (searched \(searched.joined(separator: ", ")))")
            }
            return try embedded(namespace: options.namespace, reason: "no kubeconfig found", client: client)
        }
    }

    private static func embedded(namespace: String?, reason: String, client: (KubeTarget) -> KubeClient) throws -> ClusterSession {
        let cluster: EmbeddedCluster
        do {
            cluster = try EmbeddedCluster.start()
        } catch {
            throw CommandFailure("cannot start the embedded cluster: \(error)")
        }
        let target = KubeTarget(
            contextName: embeddedContextName, clusterName: embeddedContextName, server: cluster.serverURL,
            namespace: namespace ?? "default", sourceDescription: "embedded cluster")
        let session = client(target)
        return ClusterSession(target: target, embedded: cluster, embeddedReason: reason, client: session, terminal: TerminalHandoff())
    }

    /// Writes the target's warnings and, when the embedded cluster was chosen
    /// for lack of a kubeconfig, a note saying so — to stderr, so stdout stays data.
    func printNotes() {
        var lines = target.warnings.map { "marvdash: warning: \($0)" }
        if let reason = embeddedReason, reason != "--demo" {
            lines.append("marvdash: \(reason); using the embedded cluster (see --kubeconfig, or --demo to silence this)")
        }
        for line in lines { FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }

    func close() { embedded?.stop() }
}
