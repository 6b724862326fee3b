import MarvelCore

/// The watch cache a live backend reads in tests: usage not read, no liveness probe.
func testCache(_ client: KubeClient) -> ClusterCache {
    ClusterCache(client: client, settings: ClusterCacheSettings(usageInterval: 0, livenessQuiet: 0), fallbackNamespace: "default")
}
