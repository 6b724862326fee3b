/// One field of a definition: its type and how patches and server-side
/// apply merge it (`x-kubernetes-patch-strategy`, `x-kubernetes-patch-merge-key`,
/// `x-kubernetes-list-type`, `x-kubernetes-list-map-keys`, `x-kubernetes-map-type`).
public struct SchemaField: Sendable, Hashable {
    public var name: String
    public var type: FieldType
    /// `merge`, `replace`, `retainKeys`, or several (`merge,retainKeys`); empty when none.
    public var patchStrategies: [String]
    /// The key that identifies list items in a strategic merge patch (`name`, `containerPort`).
    public var patchMergeKey: String?
    /// `atomic`, `set` or `map`.
    public var listType: String?
    public var listMapKeys: [String]
    /// `atomic` or `granular`.
    public var mapType: String?

    public init(
        name: String, type: FieldType, patchStrategies: [String] = [], patchMergeKey: String? = nil,
        listType: String? = nil, listMapKeys: [String] = [], mapType: String? = nil
    ) {
        self.name = name
        self.type = type
        self.patchStrategies = patchStrategies
        self.patchMergeKey = patchMergeKey
        self.listType = listType
        self.listMapKeys = listMapKeys
        self.mapType = mapType
    }

    /// True when a strategic merge patch merges this list or map item by item.
    public var mergesInPatches: Bool { patchStrategies.contains("merge") }
    /// True when a strategic merge patch replaces this field as a whole.
    public var replacedInPatches: Bool { patchStrategies.contains("replace") }
    /// True when `$retainKeys` applies to this field.
    public var retainsKeys: Bool { patchStrategies.contains("retainKeys") }
}
