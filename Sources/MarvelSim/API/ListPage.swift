import MarvelCore

/// One page of a list: the objects after the continue token's key that pass
/// the filter, at most `limit` of them, and the token for the next page.
struct ListPage {
    var items: [JSONValue]
    /// The items' list-item texts (`ListItemText`), as the store keeps them.
    var texts: [[UInt8]]
    var resourceVersion: Int
    var continueToken: String?
    /// How many more objects follow (only for unfiltered lists, as the API server does).
    var remainingItemCount: Int?

    init(
        store: ClusterStore, resource: String, namespace: String?, filter: (JSONValue) -> Bool, filtered: Bool,
        limit: String?, continueToken: String?
    ) throws(APIStatus) {
        var pageLimit: Int?
        if let limit, !limit.isEmpty {
            guard let n = Int(limit), n >= 0 else {
                throw .badRequest("limit: invalid value \"\(limit)\": must be a non-negative integer")
            }
            pageLimit = n > 0 ? n : nil
        }
        var rv = store.resourceVersion
        var after: ObjectKey?
        if let continueToken, !continueToken.isEmpty {
            let token = try ContinueToken(decoding: continueToken)
            guard token.resourceVersion >= store.oldestReachableVersion else {
                throw APIStatus(
                    code: 410, reason: "Expired",
                    message: "The provided continue parameter is too old to display a consistent list result. "
                        + "You can start a new list without the continue parameter.")
            }
            rv = token.resourceVersion
            after = token.lastKey
        }
        // Keys are kept sorted by the store: a page costs its own objects, not the whole list.
        let page = store.page(
            resource, namespace: namespace, after: after, limit: pageLimit, countRemaining: !filtered, filter: filter)
        if after == nil { rv = page.resourceVersion }
        resourceVersion = rv
        items = page.items
        texts = page.texts
        if page.more, let last = page.items.last {
            self.continueToken = ContinueToken(resourceVersion: rv, lastKey: ObjectKey(of: last)).encoded
            remainingItemCount = page.remaining
        } else {
            self.continueToken = nil
            remainingItemCount = nil
        }
    }
}
