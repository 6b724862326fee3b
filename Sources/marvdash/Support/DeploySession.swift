import Foundation
import MarvelCore

/// The cluster session, namespace and deployer a deploy-family command works with.
struct DeploySession {
    let session: ClusterSession
    let namespace: String
    let deployer: Deployer

    /// Opens the cluster; the namespace is the command's -n, else the root's, else the context's.
    init(cluster: ClusterOptions, root: Marvdash) throws {
        var options = cluster
        options.namespace = cluster.namespace ?? root.cluster.namespace
        if !options.demo && root.cluster.demo { options.demo = true }
        options.kubeconfig = options.kubeconfig ?? root.cluster.kubeconfig
        options.context = options.context ?? root.cluster.context
        options.requestTimeout = options.requestTimeout ?? root.cluster.requestTimeout
        session = try ClusterSession.open(options)
        session.printNotes()
        namespace = options.namespace ?? session.target.namespace
        deployer = Deployer(client: session.client)
    }

    func close() { session.close() }

    /// Opens a session, runs `body` with it, closes it, and turns any
    /// failure into the CLI's one-line error.
    static func run<T>(cluster: ClusterOptions, root: Marvdash, _ body: (DeploySession) throws -> T) throws -> T {
        try reportingFailures {
            let session = try DeploySession(cluster: cluster, root: root)
            defer { session.close() }
            return try body(session)
        }
    }

    /// "placed StatefulSet/kafka on psnc-cloud2, psnc-cloud3 (auto, spread)" per workload of a recorded decision.
    static func placementLines(_ placement: JSONValue) -> [String] {
        guard let mode = placement["mode"]?.stringValue else { return [] }
        let policy = placement["policy"]?.stringValue ?? ""
        return (placement["workloads"]?.arrayValue ?? []).map { w in
            let nodes = (w["nodes"]?.arrayValue ?? []).compactMap(\.stringValue)
            var where_ = Array(Set(nodes)).sorted().joined(separator: ", ")
            if mode == "layer", let layer = w["layer"]?.stringValue { where_ = "layer \(layer) (chosen: \(where_))" }
            return "placed \(w["workload"]?.stringValue ?? "?") on \(where_) (\(mode), \(policy))"
        }
    }

    /// An object without metadata.managedFields, for printing.
    static func withoutManagedFields(_ object: JSONValue) -> JSONValue {
        var o = object
        o["metadata"]?["managedFields"] = nil
        return o
    }
}
