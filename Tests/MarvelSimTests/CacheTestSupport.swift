import Foundation
import MarvelCore
import MarvelSim
import Testing

/// Waits (polling every 20 ms) until `condition` holds or `seconds` pass; true if it held.
/// The deadline is generous: it only keeps a broken test finite.
func eventually(_ seconds: Double = 20, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return condition()
}

/// An embedded cluster with a client and a cluster cache over it, for the cache tests:
/// short watches (so re-watches happen within a test) and no usage reads or probes
/// unless asked for.
struct CacheFixture {
    let cluster: EmbeddedCluster
    let client: KubeClient
    let cache: ClusterCache

    init(
        tokens: Set<String> = [], auth: KubeTarget.Auth = .none, watchTimeout: ClosedRange<Int> = 2...3,
        livenessQuiet: Double = 0, usageInterval: Double = 0, kinds: [CachedKind] = [], fallbackNamespace: String? = "marvel",
        options: KubeClientOptions = KubeClientOptions()
    ) throws {
        cluster = try EmbeddedCluster.start(tokens: tokens)
        let target = KubeTarget(
            contextName: "cache-test", clusterName: "cache-test", userName: "tester", server: cluster.serverURL,
            namespace: "marvel", auth: auth, sourceDescription: "test")
        client = KubeClient(target: target, options: options)
        let settings = ClusterCacheSettings(
            reflector: ReflectorSettings(watchTimeout: watchTimeout, initialBackoff: 0.2, maxBackoff: 2),
            usageInterval: usageInterval, livenessQuiet: livenessQuiet, probeTimeout: 1, probeRetry: 0.5, kinds: kinds)
        cache = ClusterCache(client: client, settings: settings, fallbackNamespace: fallbackNamespace)
    }

    func stop() {
        cache.stop()
        cluster.stop()
    }

    /// "namespace/name" of every pod in the server's store.
    var storePodIDs: [String] {
        cluster.store.list("pods").items.map {
            "\($0.at("metadata", "namespace")?.stringValue ?? "")/\($0.at("metadata", "name")?.stringValue ?? "")"
        }.sorted()
    }

    /// "namespace/name" of every pod in the cache's latest snapshot (duplicates kept, to be seen).
    var cachedPodIDs: [String] { (cache.current().snapshot?.pods ?? []).map(\.id).sorted() }

    /// The status of the reflector of `kind`.
    func status(_ kind: CachedKind) -> ReflectorStatus? { cache.reflectorStatuses.first { $0.kind == kind } }

    /// A bare Running pod object for the store.
    static func pod(_ name: String, namespace: String = "marvel", node: String = "psnc-cloud2", labels: [String: String] = [:]) -> JSONValue {
        var labelObject = JSONObject()
        for (k, v) in labels { labelObject[k] = .string(v) }
        return [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": .object(labelObject)],
            "spec": [
                "nodeName": .string(node),
                "containers": [["name": "main", "image": "marvel/sed:1.2", "resources": ["requests": ["cpu": "100m", "memory": "64Mi"]]]],
            ],
            "status": ["phase": "Running"],
        ]
    }
}
