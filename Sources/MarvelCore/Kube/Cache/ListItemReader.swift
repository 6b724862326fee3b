/// How a list page's items become the cache's values, read one by one while the
/// page is walked: parsed under a field mask and decoded from that small tree
/// (`masked`, any kind), or built straight from the item's bytes with nothing
/// else allocated (`pods`, `nodes`). Either way an item's text that is not JSON
/// throws where parsing it whole would throw.
struct ListItemReader<Item>: Sendable {
    /// What reading one item gave.
    enum Outcome {
        /// The item has no name: skipped, as the store keys objects by name.
        case unnamed
        /// The item's "namespace/name" key and value; nil when the decoder leaves it out.
        case decoded(String, Item?)
        /// The item is JSON but not a valid object of the kind.
        case failed(KubeDecodingError)
    }

    /// Reads the item at the parser's position, `depth` levels deep in the page.
    let read: @Sendable (_ parser: inout JSONByteParser, _ depth: Int, _ interner: ValueInterner) throws -> Outcome

    /// Items parsed keeping what `mask` names, then decoded from that tree.
    static func masked(
        _ mask: JSONFieldMask, _ decode: @escaping @Sendable (JSONValue, ValueInterner?) throws(KubeDecodingError) -> Item?
    ) -> ListItemReader {
        reading({ p, depth in try p.value(depth: depth, mask: mask) }, key: ObjectKeyText.key, decode: decode)
    }

    /// Items read into `Fields` (`read` throws where the text is not JSON), keyed by `key`
    /// (nil: no name) and turned into values by `decode`.
    private static func reading<Fields>(
        _ read: @escaping @Sendable (inout JSONByteParser, Int) throws -> Fields, key: @escaping @Sendable (Fields) -> String?,
        decode: @escaping @Sendable (Fields, ValueInterner) throws(KubeDecodingError) -> Item?
    ) -> ListItemReader {
        ListItemReader { p, depth, interner in
            let fields = try read(&p, depth)
            guard let key = key(fields) else { return .unnamed }
            do throws(KubeDecodingError) {
                return .decoded(key, try decode(fields, interner))
            } catch {
                return .failed(error)
            }
        }
    }
}

extension ListItemReader where Item == Pod {
    /// Pods built straight from their bytes (`PodFields`), equal to `Pod(json:sharing:)` of the parsed item.
    static var pods: ListItemReader {
        reading({ p, depth in try PodFields(reading: &p, depth: depth) }, key: { $0.metadata.key }) { fields, interner throws(KubeDecodingError) in
            try Pod(fields: fields, sharing: interner)
        }
    }
}

extension ListItemReader where Item == Node {
    /// Nodes built straight from their bytes (`NodeFields`), equal to `Node(json:sharing:)` of the parsed item.
    static var nodes: ListItemReader {
        reading({ p, depth in try NodeFields(reading: &p, depth: depth) }, key: { $0.metadata.key }) { fields, interner throws(KubeDecodingError) in
            try Node(fields: fields, sharing: interner)
        }
    }
}
