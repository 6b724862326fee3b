import Foundation
import MarvelCore
import Synchronization
import Testing

/// The console's background answers: the placeholder first, the result once computed,
/// one computation per key, recomputation only when old or invalidated.
@Suite struct BackgroundCacheTests {
    /// Asks until the answer is not the placeholder (generous deadline; the work is instant).
    private func settled(_ cache: BackgroundCache<String, Int>, _ key: String, _ compute: @escaping @Sendable () -> Int) -> Int {
        let deadline = Date().addingTimeInterval(20)
        var answer = cache.value(for: key, compute: compute)
        while answer == cache.placeholder, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.005)
            answer = cache.value(for: key, compute: compute)
        }
        return answer
    }

    @Test func placeholderFirstThenTheResultComputedOnce() {
        let cache = BackgroundCache<String, Int>(label: "test", placeholder: -1)
        let runs = Mutex(0)
        let gate = DispatchSemaphore(value: 0)
        let compute: @Sendable () -> Int = {
            gate.wait()
            runs.withLock { $0 += 1 }
            return 42
        }
        #expect(cache.value(for: "a", compute: compute) == -1)
        #expect(cache.value(for: "a", compute: compute) == -1, "still running: no second computation")
        gate.signal()
        #expect(settled(cache, "a", compute) == 42)
        #expect(cache.value(for: "a", compute: compute) == 42)
        #expect(runs.withLock { $0 } == 1)
    }

    @Test func invalidatedResultsAreRecomputedWhileTheOldOneShows() {
        let cache = BackgroundCache<String, Int>(label: "test", placeholder: -1)
        let next = Mutex(0)
        let compute: @Sendable () -> Int = { next.withLock { $0 += 1; return $0 } }
        #expect(settled(cache, "k", compute) == 1)
        cache.invalidate()
        #expect(cache.value(for: "k", compute: compute) == 1, "the old answer while the new one is computed")
        let deadline = Date().addingTimeInterval(20)
        while cache.value(for: "k", compute: compute) != 2, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        #expect(cache.value(for: "k", compute: compute) == 2)
        #expect(settled(cache, "other", compute) == 3, "another key is its own computation")
    }

    @Test func capacityForgetsTheOldestKey() {
        let cache = BackgroundCache<String, Int>(label: "test", placeholder: -1, capacity: 2)
        for key in ["a", "b", "c"] { _ = settled(cache, key) { key.count } }
        // "a" was forgotten: asking again starts over with the placeholder.
        #expect(cache.value(for: "a") { 7 } == -1)
    }
}
