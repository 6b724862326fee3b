import MarvelCore

/// An object's JSON text as an item of a list answer (compact, without `kind`
/// and `apiVersion`, as the API server sends list items), and a list answer
/// assembled from such texts: the same bytes as encoding the whole list, for
/// the cost of copying them.
enum ListItemText {
    /// The list-item text of a stored object.
    static func bytes(of object: JSONValue) -> [UInt8] {
        withoutTypeMeta(object).jsonBytes()
    }

    /// `object` without `kind` and `apiVersion`.
    static func withoutTypeMeta(_ object: JSONValue) -> JSONValue {
        guard case .object(var o) = object else { return object }
        o["kind"] = nil
        o["apiVersion"] = nil
        return .object(o)
    }

    /// The text of `envelope` (an object whose last member is an empty `items` array) with
    /// `items` in that array: byte for byte the encoding of the envelope holding the objects.
    static func list(envelope: JSONValue, items: [[UInt8]]) -> [UInt8] {
        var head = envelope.jsonBytes()
        // The envelope ends `"items":[]}`; the items go between the brackets.
        precondition(head.suffix(3) == Array("[]}".utf8), "ListItemText.list: the envelope must end with an empty items array")
        head.removeLast(2)
        var size = head.count + 2 + max(0, items.count - 1)
        for item in items { size += item.count }
        head.reserveCapacity(size)
        for (i, item) in items.enumerated() {
            if i > 0 { head.append(UInt8(ascii: ",")) }
            head.append(contentsOf: item)
        }
        head.append(contentsOf: "]}".utf8)
        return head
    }
}
