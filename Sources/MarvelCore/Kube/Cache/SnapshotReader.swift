import Foundation

/// One-shot snapshots for the CLI commands: plain paged lists (no watch) of
/// the kinds asked for, decoded the way the cluster cache decodes them, into
/// the same `ClusterSnapshot` type the console reads.
extension KubeClient {
    /// Server version, every node and every pod (what `marvdash nodes` and placement need);
    /// with `usage`, node usage from the metrics API too (left out when the API is missing).
    public func fetchSnapshot(usage: Bool = false) throws -> ClusterSnapshot {
        var snapshot = try readSnapshot(kinds: [])
        snapshot.serverVersion = try serverVersion()
        if usage {
            do {
                snapshot.usage = ClusterUsage(nodes: try nodeUsage())
            } catch is UsageUnavailable {
                snapshot.usage = nil
            }
        }
        return snapshot
    }

    /// Nodes, pods and `kinds`, listed once. Namespaced kinds (pods included) are listed in
    /// `namespace`, or in every namespace when it is nil.
    public func readSnapshot(kinds: [CachedKind], namespace: String? = nil) throws(KubeError) -> ClusterSnapshot {
        var snapshot = ClusterSnapshot(nodes: [], pods: [])
        snapshot.nodes = try decoded(.nodes, namespace: nil) { json throws(KubeDecodingError) in try Node(json: json) }
        snapshot.pods = try decoded(.pods, namespace: namespace) { json throws(KubeDecodingError) in try Pod(json: json) }
        var bySlot: [CachedKind.Slot: [JSONValue]] = [:]
        for kind in kinds where kind.slot != .nodes && kind.slot != .pods {
            if kind.slot == .namespaces {
                snapshot.namespaces = try decoded(kind, namespace: nil) { $0.at("metadata", "name")?.stringValue }.sorted()
                continue
            }
            switch Result(catching: { () throws(KubeError) in try decoded(kind, namespace: namespace) { kind.stamped($0) } }) {
            case .success(let objects): bySlot[kind.slot, default: []] += objects
            case .failure(let error):
                guard error.statusCode == 404 else { throw error }  // 404: the server does not serve the kind, so has none
            }
        }
        for (slot, objects) in bySlot { snapshot.setObjects(objects, in: slot) }
        snapshot.namespaceOnly = namespace
        snapshot.fetchedAt = Date()
        return snapshot
    }

    /// Every object of `kind` (its selectors applied), decoded page by page; nil decodes are left out.
    private func decoded<Item>(
        _ kind: CachedKind, namespace: String?, _ decode: (JSONValue) throws(KubeDecodingError) -> Item?
    ) throws(KubeError) -> [Item] {
        let path = kind.path(namespace: kind.namespaced ? namespace : nil)
        var restarted = false
        while true {
            var out: [Item] = []
            let listed = Result(catching: { () throws(KubeError) in
                _ = try listPages(path, query: kind.selectorQuery) { page throws(KubeError) in
                    for item in page {
                        do throws(KubeDecodingError) {
                            if let value = try decode(item) { out.append(value) }
                        } catch {
                            throw .decoding(error, url: url(path))
                        }
                    }
                }
            })
            switch listed {
            case .success: return out
            case .failure(let error):
                // The continue token expired mid-list: list again from the start, once.
                guard error.statusCode == 410, !restarted else { throw error }
                restarted = true
            }
        }
    }
}
