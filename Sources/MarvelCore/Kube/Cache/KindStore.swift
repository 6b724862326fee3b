import Synchronization

/// The objects of one cached kind by "namespace/name", as the reflector last
/// saw them. Every method reports whether it really changed something (an
/// update to an equal value, or a re-list that brings back the same objects,
/// changes nothing), so the cache publishes a new snapshot only on real change.
final class KindStore<Item: Sendable & Equatable>: Sendable {
    private let state = Mutex((items: [String: Item](), revision: 0))

    /// Replaces every object (after a list); true when the set or a value differs.
    func replace(with fresh: [String: Item]) -> Bool {
        state.withLock { s in
            guard s.items != fresh else { return false }
            s.items = fresh
            s.revision += 1
            return true
        }
    }

    /// Adds or replaces one object; true when it differs from what was there.
    func upsert(_ key: String, _ item: Item) -> Bool {
        state.withLock { s in
            if s.items[key] == item { return false }
            s.items[key] = item
            s.revision += 1
            return true
        }
    }

    /// Removes one object; true when it was there.
    func remove(_ key: String) -> Bool {
        state.withLock { s in
            guard s.items.removeValue(forKey: key) != nil else { return false }
            s.revision += 1
            return true
        }
    }

    /// Every object, in no particular order, with the revision they are of.
    var values: (items: [Item], revision: Int) { state.withLock { (Array($0.items.values), $0.revision) } }

    /// Counts changes, so a reader can tell whether its copy is current.
    var revision: Int { state.withLock { $0.revision } }

    var count: Int { state.withLock { $0.items.count } }

    /// The object at `key`.
    func item(_ key: String) -> Item? { state.withLock { $0.items[key] } }
}
