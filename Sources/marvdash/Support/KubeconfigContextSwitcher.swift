import Foundation
import MarvelCore
import MarvelTUI

/// `:ctx` for a console started from a kubeconfig: lists its contexts (read
/// again each time) and opens a whole new connection to one — client, watch
/// cache, backend, training sources and resource views — the way the console
/// was started, with that context.
struct KubeconfigContextSwitcher: ContextSwitching {
    var cluster: ClusterOptions
    var environment: [String: String]
    /// The console's terminal handoff: a new context's exec plugin prompts through it too.
    var terminal: TerminalHandoff
    /// Builds the console's connection parts from an open session (the launcher's own recipe).
    var connect: @Sendable (ClusterSession) throws -> ConsoleConnectionParts

    func contexts(current: String) throws -> ContextList {
        guard let config = try KubeconfigLoader(environment: environment).loadConfig(kubeconfigPath: cluster.kubeconfig) else {
            return ContextList(entries: [], current: current)
        }
        return ContextList(
            entries: config.contextSummaries.map { ContextList.Entry(name: $0.name, cluster: $0.cluster, namespace: $0.namespace) },
            current: current)
    }

    func open(context name: String) throws -> ConsoleConnectionParts {
        var options = cluster
        options.context = name
        // The new context's own namespace, as kubectl after `config use-context`.
        options.namespace = nil
        let session = try ClusterSession.open(options, environment: environment, terminal: terminal)
        do {
            return try connect(session)
        } catch {
            session.close()
            throw error
        }
    }
}
