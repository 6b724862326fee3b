/// Objects by "namespace/name", kept densely: the objects in one array (in no
/// particular order), their keys in a parallel array, and each key's position.
/// A dictionary of 50,000 pods reserves twice as many slots, each as large as
/// a pod; here the array is as long as the list, and the cache's snapshot
/// shares it (and the positions) until the next change, instead of copying.
struct KeyedItems<Item: Sendable>: Sendable {
    /// The objects; `keys[i]` is the key of `items[i]`.
    private(set) var items: [Item] = []
    private(set) var keys: [String] = []
    /// Key → index in `items`.
    private(set) var positions: [String: Int] = [:]

    init() {}

    var count: Int { items.count }

    subscript(key: String) -> Item? {
        positions[key].map { items[$0] }
    }

    /// Adds `item` at `key`, or replaces the object there.
    mutating func set(_ key: String, _ item: Item) {
        if let i = positions[key] {
            items[i] = item
        } else {
            positions[key] = items.count
            items.append(item)
            keys.append(key)
        }
    }

    /// Removes the object at `key` (the last object takes its place); returns it.
    @discardableResult
    mutating func remove(_ key: String) -> Item? {
        guard let i = positions.removeValue(forKey: key) else { return nil }
        let removed = items[i]
        let lastItem = items.removeLast()
        let lastKey = keys.removeLast()
        if i < items.count {
            items[i] = lastItem
            keys[i] = lastKey
            positions[lastKey] = i
        }
        return removed
    }
}

extension KeyedItems: Equatable where Item: Equatable {
    /// The same keys with equal objects, in whatever order.
    static func == (a: KeyedItems, b: KeyedItems) -> Bool {
        guard a.count == b.count else { return false }
        for (i, key) in a.keys.enumerated() {
            guard let j = b.positions[key], b.items[j] == a.items[i] else { return false }
        }
        return true
    }
}
