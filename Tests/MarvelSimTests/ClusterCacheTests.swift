import Foundation
import MarvelCore
import MarvelSim
import Testing

/// The informer-style cache against the embedded cluster over HTTP: list then
/// watch, bookmarks, 410 re-lists, a restarted server, 429 with Retry-After,
/// the namespace fallback on 403, and generations that move only on change.
@Suite struct ClusterCacheTests {
    @Test func listsThenFollowsChangesFromTheWatch() throws {
        let f = try CacheFixture()
        defer { f.stop() }
        f.cache.start()
        #expect(f.cache.waitUntilSynced(timeout: 20))
        #expect(f.cachedPodIDs == f.storePodIDs)
        #expect(f.cache.current().snapshot?.nodes.count == f.cluster.store.count("nodes"))
        guard case .connected = f.cache.current().connection else {
            Issue.record("expected connected, got \(f.cache.current().connection)")
            return
        }

        try f.cluster.store.create("pods", CacheFixture.pod("cache-new"))
        #expect(eventually { f.cachedPodIDs.contains("marvel/cache-new") })
        try f.cluster.store.modify("nodes", name: "mtfog1") { $0["metadata"]?["labels"]?["watched"] = "yes" }
        #expect(eventually { f.cache.current().snapshot?.nodes.first { $0.name == "mtfog1" }?.labels["watched"] == "yes" })
        try f.cluster.store.delete("pods", namespace: "marvel", name: "cache-new")
        #expect(eventually { !f.cachedPodIDs.contains("marvel/cache-new") })
        #expect(f.cachedPodIDs == f.storePodIDs)
        #expect(f.status(.pods)?.lists == 1, "changes came from the watch, not from lists")
    }

    @Test func generationStaysWhenNothingChanged() throws {
        let f = try CacheFixture(watchTimeout: 2...2)
        defer { f.stop() }
        f.cache.start()
        #expect(f.cache.waitUntilSynced(timeout: 20))
        #expect(eventually { f.cache.current().connection.isLive })
        let before = try #require(f.cache.current().snapshot?.generation)
        let watches = f.status(.nodes)?.watches ?? 0

        // A write that changes nothing a node view holds (only its resourceVersion moves) …
        try f.cluster.store.modify("nodes", name: "mtfog1") { _ in }
        let version = f.cluster.store.resourceVersion
        // … and a watch that ends and resumes (with its bookmark) must not make a new snapshot. The
        // cluster's controllers may write other kinds meanwhile: the bookmark is at this write or later.
        #expect(eventually {
            (f.status(.nodes)?.watches ?? 0) >= watches + 2 && (Int(f.status(.nodes)?.resourceVersion ?? "") ?? 0) >= version
        })
        #expect(f.cache.current().snapshot?.generation == before)
        #expect(f.status(.nodes)?.lists == 1)

        try f.cluster.store.modify("nodes", name: "mtfog1") { $0["spec"]?["unschedulable"] = true }
        #expect(eventually { f.cache.current().snapshot?.generation == before + 1 })
    }

    @Test func watchResumesFromItsBookmark() throws {
        let f = try CacheFixture(watchTimeout: 2...2)
        defer { f.stop() }
        f.cache.start()
        #expect(f.cache.waitUntilSynced(timeout: 20))
        let listed = try #require(Int(f.status(.nodes)?.resourceVersion ?? ""))
        // Writes to pods move the cluster's resourceVersion; the nodes watch sees only bookmarks.
        for i in 0..<3 { try f.cluster.store.create("pods", CacheFixture.pod("bookmark-\(i)")) }
        let later = f.cluster.store.resourceVersion
        #expect(eventually { (Int(f.status(.nodes)?.resourceVersion ?? "") ?? 0) >= later })
        // Versions before the bookmark are compacted away: resuming from the bookmark needs no new list.
        f.cluster.faults.expireResourceVersions(upTo: later - 1)
        let watches = f.status(.nodes)?.watches ?? 0
        #expect(eventually { (f.status(.nodes)?.watches ?? 0) >= watches + 2 })
        #expect(f.status(.nodes)?.lists == 1, "the nodes watch resumed from its bookmark (listed at \(listed))")
    }

    @Test func goneResourceVersionListsAgain() throws {
        let f = try CacheFixture(watchTimeout: 300...300)
        defer { f.stop() }
        f.cache.start()
        #expect(f.cache.waitUntilSynced(timeout: 20))
        #expect(eventually { f.status(.pods)?.watching == true })
        // While the client is cut off, the server changes and compacts what it missed away.
        f.cluster.stopServing()
        try f.cluster.store.create("pods", CacheFixture.pod("after-compaction"))
        f.cluster.faults.expireResourceVersions(upTo: f.cluster.store.resourceVersion)
        try f.cluster.resumeServing()
        #expect(eventually { (f.status(.pods)?.lists ?? 0) >= 2 }, "the watch got 410 Gone and listed again")
        #expect(eventually { f.cachedPodIDs == f.storePodIDs })
        #expect(f.cachedPodIDs.contains("marvel/after-compaction"))
    }

    @Test func restartedServerIsRecoveredWithoutDuplicatesOrLosses() throws {
        let f = try CacheFixture(watchTimeout: 300...300)
        defer { f.stop() }
        f.cache.start()
        #expect(f.cache.waitUntilSynced(timeout: 20))
        #expect(eventually { f.status(.pods)?.watching == true && f.status(.nodes)?.watching == true })

        f.cluster.stopServing()  // mid-watch: every stream breaks
        try f.cluster.store.create("pods", CacheFixture.pod("while-down"))
        let victim = try #require(f.cluster.store.list("pods", namespace: "kube-system").items.first?.at("metadata", "name")?.stringValue)
        try f.cluster.store.delete("pods", namespace: "kube-system", name: victim)
        try f.cluster.store.modify("nodes", name: "grnfog1") { $0["metadata"]?["labels"]?["restarted"] = "yes" }
        try f.cluster.resumeServing()

        // Recovered with every change and nothing twice (how soon is the backoff's and the
        // probe's: CacheFixture caps the backoff at 2 s; the deadline only keeps a broken test finite).
        let recovered = eventually {
            f.cachedPodIDs == f.storePodIDs
                && f.cache.current().snapshot?.nodes.first { $0.name == "grnfog1" }?.labels["restarted"] == "yes"
        }
        #expect(recovered)
        #expect(Set(f.cachedPodIDs).count == f.cachedPodIDs.count, "no pod twice")
        #expect(f.status(.pods)?.lists == 1, "the watch resumed from its resourceVersion; no new list was needed")
        #expect(eventually { f.cache.current().connection.isLive })
    }

    @Test func tooManyRequestsWaitsForRetryAfter() throws {
        let f = try CacheFixture(kinds: [])
        defer { f.stop() }
        f.cluster.faults.reject(next: 1, retryAfter: 2) { method, path, query in
            method == "GET" && path == "/api/v1/pods" && query["watch"] == "true"
        }
        f.cache.start()
        #expect(f.cache.waitUntilSynced(timeout: 20))
        let podWatches: () -> [FaultInjector.Arrival] = {
            f.cluster.faults.arrivals.filter { $0.path == "/api/v1/pods" && $0.query["watch"] == "true" }
        }
        #expect(eventually { podWatches().count >= 2 })
        let watches = podWatches()
        let waited = watches[1].time.timeIntervalSince(watches[0].time)
        #expect(waited >= 2, "the second watch came \(waited) s after the 429 with Retry-After: 2")
        #expect(eventually { f.status(.pods)?.watching == true })
    }

    @Test func forbiddenClusterWideListFallsBackToTheNamespace() throws {
        let f = try CacheFixture(kinds: [], fallbackNamespace: "kube-system")
        defer { f.stop() }
        f.cluster.faults.reject(next: 1_000, status: 403, reason: "Forbidden", retryAfter: nil) { _, path, _ in
            path == "/api/v1/pods"
        }
        f.cache.start()
        #expect(f.cache.waitUntilSynced(timeout: 20))
        let state = f.cache.current()
        #expect(state.snapshot?.namespaceOnly == "kube-system")
        #expect(state.notes.contains("namespace kube-system only (no rights to list every namespace)"))
        let pods = state.snapshot?.pods ?? []
        #expect(!pods.isEmpty && pods.allSatisfy { $0.namespace == "kube-system" })
        try f.cluster.store.create("pods", CacheFixture.pod("narrowed", namespace: "kube-system"))
        #expect(eventually { f.cachedPodIDs.contains("kube-system/narrowed") })
    }
}
