import MarvelCore

/// Pages of a list without sorting or copying the whole collection for each
/// page: the keys of a resource are sorted once and kept until an object is
/// added or removed, and a page starts by binary search after the continue
/// token's key. What a 50,000-pod list in pages of 500 needs.
extension ClusterStore {
    /// One page: the objects after `after` (in key order, within `namespace` when given)
    /// that pass `filter`, at most `limit` (nil: all), with their list-item texts (kept
    /// since they were written); whether more follow, and, when `countRemaining` (an
    /// unfiltered list), how many objects of the scope follow the page.
    func page(
        _ resource: String, namespace: String?, after: ObjectKey?, limit: Int?, countRemaining: Bool,
        filter: (JSONValue) -> Bool
    ) -> (items: [JSONValue], texts: [[UInt8]], resourceVersion: Int, more: Bool, remaining: Int?) {
        state.withLock { s in
            let bucket = s.objects[resource] ?? [:]
            let encoded = s.encoded[resource] ?? [:]
            let keys = s.orderedKeys(of: resource)
            var index = 0
            if let after {
                var low = 0
                var high = keys.count
                while low < high {
                    let mid = (low + high) / 2
                    if keys[mid] <= after { low = mid + 1 } else { high = mid }
                }
                index = low
            } else if let namespace {
                var low = 0
                var high = keys.count
                while low < high {
                    let mid = (low + high) / 2
                    if keys[mid].namespace < namespace { low = mid + 1 } else { high = mid }
                }
                index = low
            }
            var items: [JSONValue] = []
            var texts: [[UInt8]] = []
            if let limit {
                items.reserveCapacity(min(limit, keys.count - index))
                texts.reserveCapacity(min(limit, keys.count - index))
            }
            var more = false
            var firstLeft = keys.count
            while index < keys.count {
                let key = keys[index]
                if let namespace, key.namespace != namespace {
                    if key.namespace > namespace { break }
                    index += 1
                    continue
                }
                guard let object = bucket[key], filter(object) else {
                    index += 1
                    continue
                }
                if let limit, items.count >= limit {
                    more = true
                    firstLeft = index
                    break
                }
                items.append(object)
                texts.append(encoded[key] ?? ListItemText.bytes(of: object))
                index += 1
            }
            guard countRemaining, more else { return (items, texts, s.revision, more, nil) }
            // Unfiltered: every key of the scope from the first left out is an object left.
            var end = keys.count
            if let namespace {
                var low = firstLeft
                var high = keys.count
                while low < high {
                    let mid = (low + high) / 2
                    if keys[mid].namespace <= namespace { low = mid + 1 } else { high = mid }
                }
                end = low
            }
            return (items, texts, s.revision, more, end - firstLeft)
        }
    }
}

extension StoreState {
    /// The keys of `resource` in order, sorted once and kept until an object is added or removed.
    mutating func orderedKeys(of resource: String) -> [ObjectKey] {
        let count = objects[resource]?.count ?? 0
        let membership = membership[resource, default: 0]
        if let cached = sortedKeys[resource], cached.membership == membership, cached.keys.count == count { return cached.keys }
        let keys = (objects[resource] ?? [:]).keys.sorted()
        sortedKeys[resource] = (keys, membership)
        return keys
    }
}
