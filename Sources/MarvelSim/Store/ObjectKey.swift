import MarvelCore

/// Where an object lives inside one resource: its namespace (empty for
/// cluster-scoped objects) and name. Keys order like etcd keys: by namespace, then name.
public struct ObjectKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var namespace: String
    public var name: String

    public init(namespace: String = "", name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// The key of an object from its `metadata.namespace` and `metadata.name`.
    public init(of object: JSONValue) {
        self.namespace = object.at("metadata", "namespace")?.stringValue ?? ""
        self.name = object.at("metadata", "name")?.stringValue ?? ""
    }

    public static func < (a: ObjectKey, b: ObjectKey) -> Bool {
        a.namespace != b.namespace ? a.namespace < b.namespace : a.name < b.name
    }

    public var description: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }
}
