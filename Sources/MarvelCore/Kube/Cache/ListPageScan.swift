/// One pass over a list page's bytes: the page's `metadata` (reported as soon
/// as it has been read, so the next page can be asked for while the items
/// decode) and its items, each read by a `ListItemReader` (parsed under a mask
/// and decoded, or built straight from its bytes) at once, so no tree of the
/// whole page is ever built or freed. It accepts and
/// refuses exactly what parsing the whole page under
/// `DecodingMasks.listPage(of:)` and decoding its items does: a page that is
/// not JSON throws wherever the fault lies (even after an item that failed to
/// decode), the last of repeated `items` members is the one decoded, items
/// without a name are skipped, and the first item that fails to decode is the
/// page's `failure`.
struct ListPageScan<Item> {
    /// The decoded items with their "namespace/name" keys, in page order.
    var items: [(String, Item)] = []
    /// The first item of the (last) `items` member that failed to decode.
    var failure: KubeDecodingError?
    /// The page's last `metadata` member (`.null` when it has none).
    var metadata: JSONValue = .null

    typealias Decode = @Sendable (JSONValue, ValueInterner?) throws(KubeDecodingError) -> Item?

    /// Scans `body`, parsing each item under `itemMask` and decoding it with `decode`.
    static func scan(
        _ body: [UInt8], itemMask: JSONFieldMask, decode: @escaping Decode, onMetadata: (JSONValue) -> Void = { _ in }
    ) throws -> ListPageScan {
        try scan(body, reader: .masked(itemMask, decode), onMetadata: onMetadata)
    }

    /// Scans `body`, reading each item with `reader`; `onMetadata` is called once, with the first
    /// `metadata` member as soon as it is read, or with `.null` at the end of a page that has none.
    /// Throws `JSONParseError`.
    static func scan(_ body: [UInt8], reader: ListItemReader<Item>, onMetadata: (JSONValue) -> Void = { _ in }) throws -> ListPageScan {
        var scan = ListPageScan()
        var reported = false
        var p = JSONByteParser(bytes: body, maxDepth: 512)
        p.skipSpace()
        guard p.pos < p.bytes.count else { throw p.error("unexpected end of input") }
        if p.bytes[p.pos] == UInt8(ascii: "{") {
            p.pos += 1
            p.skipSpace()
            if p.pos < p.bytes.count, p.bytes[p.pos] == UInt8(ascii: "}") {
                p.pos += 1
            } else {
                members: while true {
                    p.skipSpace()
                    guard p.pos < p.bytes.count, p.bytes[p.pos] == UInt8(ascii: "\"") else { throw p.error("expected a string key") }
                    let key = try p.string()
                    p.skipSpace()
                    guard p.pos < p.bytes.count, p.bytes[p.pos] == UInt8(ascii: ":") else { throw p.error("expected ':' after key") }
                    p.pos += 1
                    p.skipSpace()
                    switch key {
                    case "metadata":
                        scan.metadata = try p.value(depth: 1)
                        if !reported {
                            reported = true
                            onMetadata(scan.metadata)
                        }
                    case "items":
                        // A repeated member replaces the earlier one, as in a parsed object.
                        scan.items = []
                        scan.failure = nil
                        try scanItems(&p, into: &scan, reader: reader)
                    default:
                        try p.skipValue(depth: 1)
                    }
                    p.skipSpace()
                    guard p.pos < p.bytes.count else { throw p.error("unterminated object") }
                    if p.bytes[p.pos] == UInt8(ascii: ",") { p.pos += 1; continue }
                    if p.bytes[p.pos] == UInt8(ascii: "}") { p.pos += 1; break members }
                    throw p.error("expected ',' or '}' in object")
                }
            }
        } else {
            try p.skipValue(depth: 0)  // not an object: no metadata, no items
        }
        p.skipSpace()
        if p.pos < p.bytes.count { throw p.error("unexpected text after the JSON value") }
        if !reported { onMetadata(.null) }
        return scan
    }

    /// The `items` member: each element read and decoded before the next; after a failure the
    /// rest is only checked to be JSON.
    private static func scanItems(_ p: inout JSONByteParser, into scan: inout ListPageScan, reader: ListItemReader<Item>) throws {
        guard p.pos < p.bytes.count, p.bytes[p.pos] == UInt8(ascii: "[") else {
            try p.skipValue(depth: 1)  // not an array: no items
            return
        }
        p.pos += 1
        p.skipSpace()
        if p.pos < p.bytes.count, p.bytes[p.pos] == UInt8(ascii: "]") { p.pos += 1; return }
        // One interner per page: replicas listed together share their labels, containers, requests.
        let interner = ValueInterner()
        while true {
            p.skipSpace()
            if scan.failure != nil {
                try p.skipValue(depth: 2)
            } else {
                switch try reader.read(&p, 2, interner) {
                case .unnamed, .decoded(_, .none): break
                case .decoded(let key, let value?): scan.items.append((key, value))
                case .failed(let error): scan.failure = error
                }
            }
            p.skipSpace()
            guard p.pos < p.bytes.count else { throw p.error("unterminated array") }
            if p.bytes[p.pos] == UInt8(ascii: ",") { p.pos += 1; continue }
            if p.bytes[p.pos] == UInt8(ascii: "]") { p.pos += 1; return }
            throw p.error("expected ',' or ']' in array")
        }
    }
}
