import Foundation
import MarvelCore
import MarvelSim
import Testing

/// The reflector's list over many small pages, each decoded on a worker while the
/// next one downloads, keeping only the fields the decoders read.
@Suite struct PagedListDecodingTests {
    @Test func smallPagesGiveExactlyTheServersObjects() throws {
        let f = try CacheFixture(options: KubeClientOptions(pageSize: 3))
        defer { f.stop() }
        f.cache.start()
        #expect(f.cache.waitUntilSynced(timeout: 60))
        #expect(f.cachedPodIDs == f.storePodIDs)
        let snapshot = try #require(f.cache.current().snapshot)
        let serverPods = try f.cluster.store.list("pods").items.map { try Pod(json: $0) }
        #expect(snapshot.pods.sorted { $0.id < $1.id } == serverPods.sorted { $0.id < $1.id }, "every field as the full object gives it")
        let serverNodes = try f.cluster.store.list("nodes").items.map { try Node(json: $0) }
        #expect(snapshot.nodes == serverNodes.sorted { $0.name < $1.name })
        #expect((f.status(.pods)?.lists ?? 0) == 1)
    }

    @Test func aPodThatCannotBeDecodedFailsTheListNamingIt() throws {
        let f = try CacheFixture(options: KubeClientOptions(pageSize: 4))
        defer { f.stop() }
        var bad = CacheFixture.pod("bad-quantity")
        bad["spec"] = [
            "nodeName": "psnc-cloud2", "containers": [["name": "c", "image": "busybox", "resources": ["requests": ["cpu": "lots"]]]],
        ]
        try f.cluster.store.create("pods", bad)
        f.cache.start()
        #expect(eventually { f.status(.pods)?.lastError != nil })
        let message = f.status(.pods)?.lastError ?? ""
        #expect(message.contains("bad-quantity") && message.contains("cpu"), "\(message)")
        #expect(f.cache.current().snapshot == nil, "no snapshot from a list that failed")
    }
}
