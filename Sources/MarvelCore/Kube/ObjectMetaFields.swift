/// What the Pod and Node decoders read of an object's `metadata`, taken from a
/// parsed tree (`init(json:)`) or straight from the object's bytes
/// (`init(reading:depth:)`); the decoders turn it into values, so what a field
/// means is said once.
struct ObjectMetaFields {
    /// One entry of `ownerReferences` (each member nil when missing or of another type).
    struct Owner {
        var controller: Bool?
        var kind: String?
        var name: String?
    }

    var name: String?
    var namespace: String?
    var uid: String?
    var labels: [String: String] = [:]
    var annotations: [String: String] = [:]
    var creationTimestamp: String?
    var deletionTimestamp: String?
    /// True when `deletionTimestamp` is there and not null.
    var deleting = false
    var owners: [Owner] = []

    init() {}

    /// The "namespace/name" key of the cache's stores, nil without a name (`ObjectKeyText.key`).
    var key: String? {
        guard let name, !name.isEmpty else { return nil }
        return (namespace ?? "") + "/" + name
    }

    /// The controlling owner (the first marked `controller: true`, else the first).
    var controller: Owner? { owners.first(where: { $0.controller == true }) ?? owners.first }

    init(json meta: JSONValue?) {
        let r = FieldReader(kind: "")
        name = meta?["name"]?.stringValue
        namespace = meta?["namespace"]?.stringValue
        uid = meta?["uid"]?.stringValue
        labels = r.stringMap(meta?["labels"])
        annotations = r.stringMap(meta?["annotations"])
        creationTimestamp = meta?["creationTimestamp"]?.stringValue
        deletionTimestamp = meta?["deletionTimestamp"]?.stringValue
        deleting = meta?["deletionTimestamp"].map { !$0.isNull } ?? false
        owners = (meta?["ownerReferences"]?.arrayValue ?? []).map { o in
            Owner(controller: o["controller"]?.boolValue, kind: o["kind"]?.stringValue, name: o["name"]?.stringValue)
        }
    }

    init(reading p: inout JSONByteParser, depth: Int) throws {
        var m = ObjectMetaFields()
        let d = depth + 1
        _ = try p.readObject(depth: depth) { p, key in
            switch key {
            case "name": m.name = try p.stringLeaf(depth: d)
            case "namespace": m.namespace = try p.stringLeaf(depth: d)
            case "uid": m.uid = try p.stringLeaf(depth: d)
            case "labels": m.labels = try p.stringMap(depth: d)
            case "annotations": m.annotations = try p.stringMap(depth: d)
            case "creationTimestamp": m.creationTimestamp = try p.stringLeaf(depth: d)
            case "deletionTimestamp":
                let value = try p.leaf(depth: d)  // nil: an object or array, which is not null either
                m.deletionTimestamp = value?.stringValue
                m.deleting = value != .null
            case "ownerReferences":
                m.owners = []
                try p.readArray(depth: d) { p in
                    var o = Owner()
                    _ = try p.readObject(depth: d + 1) { p, key in
                        switch key {
                        case "controller": o.controller = try p.leaf(depth: d + 2)?.boolValue
                        case "kind": o.kind = try p.stringLeaf(depth: d + 2)
                        case "name": o.name = try p.stringLeaf(depth: d + 2)
                        default: try p.skipValue(depth: d + 2)
                        }
                    }
                    m.owners.append(o)
                }
            default: try p.skipValue(depth: d)
            }
        }
        self = m
    }
}
