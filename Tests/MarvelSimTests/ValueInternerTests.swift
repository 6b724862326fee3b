import Foundation
import MarvelCore
import Testing

@testable import MarvelSim

/// A list page decoded with one interner keeps each repeated value once: the
/// decoded pods and nodes equal those decoded alone (DecodingMaskEquivalenceTests
/// checks that for every fixture), and replicas really share their strings.
@Suite struct ValueInternerTests {
    /// Where a string's UTF-8 bytes are stored (nil for a small string kept inline).
    static func storage(_ s: String) -> UnsafeRawPointer? {
        s.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
    }

    @Test func replicasOfAPageShareTheirValues() throws {
        let store = ClusterStore()
        try SyntheticTopology(nodes: 40, pods: 400).seed(into: store)
        let interner = ValueInterner()
        let pods = try store.list("pods").items.map { try Pod(json: $0, sharing: interner) }
        let plain = try store.list("pods").items.map { try Pod(json: $0) }
        #expect(pods == plain)
        let kafka = pods.filter { $0.labels["app.kubernetes.io/name"] == "kafka" }
        #expect(kafka.count > 2)
        for pod in kafka.dropFirst() {
            let first = kafka[0]
            #expect(pod.ownerName.utf8.count > 15 && Self.storage(pod.ownerName) == Self.storage(first.ownerName))
            #expect(pod.containers[0].image.utf8.count > 15 && Self.storage(pod.containers[0].image) == Self.storage(first.containers[0].image))
            let key = try #require(pod.labels.keys.first { $0 == "app.kubernetes.io/name" })
            let firstKey = try #require(first.labels.keys.first { $0 == "app.kubernetes.io/name" })
            #expect(key.utf8.count > 15 && Self.storage(key) == Self.storage(firstKey))
        }
        // Decoded alone, two replicas keep two copies: the sharing is the interner's doing.
        let alone = try store.list("pods").items.map { try Pod(json: $0) }.filter { $0.labels["app.kubernetes.io/name"] == "kafka" }
        #expect(Self.storage(alone[0].ownerName) != Self.storage(alone[1].ownerName))
    }

    @Test func smallStringsAndEmptyValuesPassThrough() {
        let interner = ValueInterner()
        #expect(interner.string("marvel") == "marvel")
        #expect(interner.stringMap([:]).isEmpty && interner.quantities([:]).isEmpty && interner.containers([]).isEmpty)
        let long = String(repeating: "x", count: 40)
        let again = String(repeating: "x", count: 40)
        #expect(Self.storage(interner.string(long)) == Self.storage(interner.string(again)))
        #expect(interner.string(again) == long)
    }
}
