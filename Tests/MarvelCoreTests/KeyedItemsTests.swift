import Testing

@testable import MarvelCore

/// The cache's dense store of objects by key behaves as a dictionary: after
/// every random insert, replace and remove it holds exactly the model's
/// objects, each found at its key, and equality ignores order.
@Suite struct KeyedItemsTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func behavesAsADictionary(seed: UInt64) {
        var rng = Xoshiro256(seed: seed)
        var items = KeyedItems<Int>()
        var model: [String: Int] = [:]
        for step in 0..<2_000 {
            let key = "ns/p\(Int.random(in: 0..<60, using: &rng))"
            if Bool.random(using: &rng) {
                items.set(key, step)
                model[key] = step
            } else {
                #expect(items.remove(key) == model.removeValue(forKey: key))
            }
            #expect(items.count == model.count)
            #expect(items.keys.count == items.items.count)
            #expect(Dictionary(uniqueKeysWithValues: zip(items.keys, items.items)) == model)
            for (key, i) in items.positions { #expect(items.keys[i] == key) }
        }
        // The same contents built in another order are equal; one differing value is not.
        var reversed = KeyedItems<Int>()
        for (key, value) in model.sorted(by: { $0.key > $1.key }) { reversed.set(key, value) }
        #expect(reversed == items)
        if let key = model.keys.first {
            reversed.set(key, -1)
            #expect(reversed != items)
        }
    }
}
