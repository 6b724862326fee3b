import Synchronization

/// The objects of one cached kind by "namespace/name", as the reflector last
/// saw them. Every method reports whether it really changed something (an
/// update to an equal value, or a re-list that brings back the same objects,
/// changes nothing), so the cache publishes a new snapshot only on real change.
/// It also notes which keys changed since the publisher last asked
/// (`takeChanges()`), so a snapshot can be updated instead of rebuilt.
final class KindStore<Item: Sendable & Equatable>: Sendable {
    private struct State {
        var items = KeyedItems<Item>()
        var revision = 0
        /// Keys changed since the last `takeChanges()`.
        var changed: Set<String> = []
        /// Set when everything was replaced (a list) since the last `takeChanges()`.
        var replaced = true
    }

    private let state = Mutex(State())

    /// Replaces every object (after a list); true when the set or a value differs.
    func replace(with fresh: KeyedItems<Item>) -> Bool {
        state.withLock { s in
            guard s.items != fresh else { return false }
            s.items = fresh
            s.revision += 1
            s.replaced = true
            s.changed = []
            return true
        }
    }

    /// Adds or replaces one object; true when it differs from what was there.
    func upsert(_ key: String, _ item: Item) -> Bool {
        state.withLock { s in
            if s.items[key] == item { return false }
            s.items.set(key, item)
            s.revision += 1
            if !s.replaced { s.changed.insert(key) }
            return true
        }
    }

    /// Removes one object; true when it was there.
    func remove(_ key: String) -> Bool {
        state.withLock { s in
            guard s.items.remove(key) != nil else { return false }
            s.revision += 1
            if !s.replaced { s.changed.insert(key) }
            return true
        }
    }

    /// Every object, in no particular order, with the revision they are of.
    var values: (items: [Item], revision: Int) { state.withLock { ($0.items.items, $0.revision) } }

    /// Counts changes, so a reader can tell whether its copy is current.
    var revision: Int { state.withLock { $0.revision } }

    var count: Int { state.withLock { $0.items.count } }

    /// The object at `key`.
    func item(_ key: String) -> Item? { state.withLock { $0.items[key] } }

    /// What changed since the last call (one reader, the cache's publisher, calls it):
    /// every object when they were replaced or more than `limit` keys changed, else the
    /// changed keys with their objects now (nil: removed). Always with the revision it is of.
    func takeChanges(limit: Int) -> (changes: KindChanges<Item>, revision: Int) {
        state.withLock { s in
            defer {
                s.changed = []
                s.replaced = false
            }
            if s.replaced || s.changed.count > limit {
                return (.all(s.items), s.revision)
            }
            var out: [String: Item?] = [:]
            out.reserveCapacity(s.changed.count)
            for key in s.changed { out[key] = .some(s.items[key]) }
            return (.some(out), s.revision)
        }
    }
}

/// What changed in a `KindStore` since its reader last asked.
enum KindChanges<Item: Sendable>: Sendable {
    /// Every object, with their keys (the store was re-listed, or too much changed to go key by key).
    case all(KeyedItems<Item>)
    /// Changed keys and their objects now; nil when removed.
    case some([String: Item?])
}
