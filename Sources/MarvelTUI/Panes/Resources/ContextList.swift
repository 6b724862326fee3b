import Foundation
import MarvelCore

/// The kubeconfig's contexts as `:ctx` lists them (NAME, CLUSTER, NAMESPACE,
/// the current one marked with `*` as `kubectl config get-contexts`).
public struct ContextList: Sendable, Hashable {
    /// One context of the kubeconfig.
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var cluster: String
        public var namespace: String

        public init(name: String, cluster: String, namespace: String) {
            self.name = name
            self.cluster = cluster
            self.namespace = namespace
        }
    }

    public var entries: [Entry]
    /// The context the console uses now.
    public var current: String

    public init(entries: [Entry], current: String) {
        self.entries = entries
        self.current = current
    }

    public var names: [String] { entries.map(\.name) }

    static let columns = [ResourceColumn("CURRENT"), ResourceColumn("NAME"), ResourceColumn("CLUSTER"), ResourceColumn("NAMESPACE")]

    /// The entries as table rows (the row's name is the context's).
    var rows: [ResourceRow] {
        entries.map { e in
            ResourceRow(namespace: "", name: e.name, cells: [e.name == current ? "*" : "", e.name, e.cluster, e.namespace], created: nil)
        }
    }
}

/// Lists the kubeconfig's contexts and opens a console connection to one
/// (`:ctx NAME`): a new client, watch cache, backend and resource source, so
/// every pane follows the new cluster.
public protocol ContextSwitching: Sendable {
    /// The contexts the kubeconfig names now (read again each time: it may have changed).
    func contexts(current: String) throws -> ContextList
    /// Connects to context `name`: what the console swaps in.
    func open(context name: String) throws -> ConsoleConnectionParts
}

/// What a context switch replaces in the console's options.
public struct ConsoleConnectionParts: Sendable {
    public var source: any ConsoleDataSource
    public var backend: (any ConsoleBackend)?
    public var resources: (any ResourceSource)?
    public var metrics: (any MetricsSource)?
    public var contextName: String
    public var namespace: String
    public var serverURL: String
    public var warnings: [String]
    /// Called when the console leaves this connection (another switch, or exit).
    public var close: @Sendable () -> Void

    public init(
        source: any ConsoleDataSource, backend: (any ConsoleBackend)?, resources: (any ResourceSource)?, metrics: (any MetricsSource)?,
        contextName: String, namespace: String, serverURL: String, warnings: [String], close: @escaping @Sendable () -> Void = {}
    ) {
        self.source = source
        self.backend = backend
        self.resources = resources
        self.metrics = metrics
        self.contextName = contextName
        self.namespace = namespace
        self.serverURL = serverURL
        self.warnings = warnings
        self.close = close
    }
}
