import Testing

@testable import MarvelCore

/// Usage reads of large clusters are stretched so their bytes a minute stay about constant.
@Suite struct UsageIntervalTests {
    @Test func smallClustersUseTheIntervalLargeOnesStretchItUpToTheCap() {
        let settings = ClusterCacheSettings(usageInterval: 60)
        #expect(settings.usageInterval(forNodes: 12) == 60)
        #expect(settings.usageInterval(forNodes: 500) == 60)
        #expect(settings.usageInterval(forNodes: 1_000) == 120)
        #expect(settings.usageInterval(forNodes: 5_000) == 600)
        #expect(settings.usageInterval(forNodes: 50_000) == 600, "capped")
    }

    @Test func aLongIntervalIsNeverShortenedAndScalingCanBeTurnedOff() {
        #expect(ClusterCacheSettings(usageInterval: 900).usageInterval(forNodes: 5_000) == 900)
        #expect(ClusterCacheSettings(usageInterval: 60, usageScaleNodes: 0).usageInterval(forNodes: 5_000) == 60)
    }
}
