/// One shared copy of the values that many decoded objects repeat. Replicas
/// of one workload carry equal labels, containers and request sums; nodes of
/// one kind equal capacities, conditions and image lists; namespaces, owner
/// and node names, phases and image names recur by the thousand. Swift keeps
/// a string longer than 15 bytes, a dictionary and an array on the heap, one
/// allocation per copy: a list decoded with an interner keeps one per distinct
/// value instead (the values are equal either way). Not thread-safe: one per
/// decoding thread (a list page), dropped when the page is done, so values
/// seen once are never kept.
public final class ValueInterner {
    private var strings: Set<String> = []
    private var stringMaps: Set<[String: String]> = []
    private var quantityMaps: Set<[String: Quantity]> = []
    private var containers: Set<[Pod.Container]> = []
    private var images: Set<[NodeImage]> = []
    private var conditions: Set<[Node.Condition]> = []

    public init() {}

    /// `s`, or an equal string seen before. Strings of up to 15 UTF-8 bytes live inline (nothing to share).
    public func string(_ s: String) -> String {
        guard s.utf8.count > 15 else { return s }
        return strings.insert(s).memberAfterInsert
    }

    /// `map`, or an equal map seen before (labels, annotations), its strings shared too.
    public func stringMap(_ map: [String: String]) -> [String: String] {
        guard !map.isEmpty else { return map }
        if let seen = stringMaps.firstIndex(of: map) { return stringMaps[seen] }
        var shared: [String: String] = [:]
        shared.reserveCapacity(map.count)
        for (key, value) in map { shared[string(key)] = string(value) }
        stringMaps.insert(shared)
        return shared
    }

    /// `map`, or an equal map of quantities seen before (requests, limits, capacity).
    public func quantities(_ map: [String: Quantity]) -> [String: Quantity] {
        guard !map.isEmpty else { return map }
        return quantityMaps.insert(map).memberAfterInsert
    }

    /// `list`, or an equal container list seen before.
    public func containers(_ list: [Pod.Container]) -> [Pod.Container] {
        guard !list.isEmpty else { return list }
        if let seen = containers.firstIndex(of: list) { return containers[seen] }
        let shared = list.map { c in
            Pod.Container(
                name: string(c.name), image: string(c.image), requests: quantities(c.requests), limits: quantities(c.limits),
                restartPolicy: c.restartPolicy)
        }
        containers.insert(shared)
        return shared
    }

    /// `list`, or an equal image list seen before (`status.images` of nodes alike).
    public func images(_ list: [NodeImage]) -> [NodeImage] {
        guard !list.isEmpty else { return list }
        if let seen = images.firstIndex(of: list) { return images[seen] }
        let shared = list.map { NodeImage(names: $0.names.map(string), sizeBytes: $0.sizeBytes) }
        images.insert(shared)
        return shared
    }

    /// `list`, or an equal condition list seen before.
    public func conditions(_ list: [Node.Condition]) -> [Node.Condition] {
        guard !list.isEmpty else { return list }
        return conditions.insert(list).memberAfterInsert
    }
}
