/// What `Node(json:)` reads of a Node object, taken from a parsed tree
/// (`init(json:)`) or straight from a list page's bytes (`init(reading:depth:)`,
/// nothing else built); `Node(fields:sharing:)` turns either into a `Node`.
struct NodeFields {
    /// What is read of one entry of `spec.taints`.
    struct TaintFields {
        var key: String?
        var value: String?
        var effect: String?
    }

    /// What is read of one entry of `status.conditions`.
    struct ConditionFields {
        var type: String?
        var status: String?
        var reason: String?
        var message: String?
        var lastTransitionTime: String?
    }

    /// What is read of one entry of `status.addresses`.
    struct AddressFields {
        var type: String?
        var address: String?
    }

    var metadata = ObjectMetaFields()
    var unschedulable: Bool?
    var taints: [TaintFields] = []
    var capacity: JSONObject?
    var allocatable: JSONObject?
    var conditions: [ConditionFields] = []
    var addresses: [AddressFields] = []
    var architecture: String?
    var operatingSystem: String?
    var kubeletVersion: String?
    var images: [NodeImage] = []

    init() {}

    init(json: JSONValue) {
        metadata = ObjectMetaFields(json: json["metadata"])
        let spec = json["spec"]
        unschedulable = spec?["unschedulable"]?.boolValue
        taints = (spec?["taints"]?.arrayValue ?? []).map { t in
            TaintFields(key: t["key"]?.stringValue, value: t["value"]?.stringValue, effect: t["effect"]?.stringValue)
        }
        let status = json["status"]
        capacity = status?["capacity"]?.objectValue
        allocatable = status?["allocatable"]?.objectValue
        conditions = (status?["conditions"]?.arrayValue ?? []).map { c in
            ConditionFields(
                type: c["type"]?.stringValue, status: c["status"]?.stringValue, reason: c["reason"]?.stringValue,
                message: c["message"]?.stringValue, lastTransitionTime: c["lastTransitionTime"]?.stringValue)
        }
        addresses = (status?["addresses"]?.arrayValue ?? []).map { a in
            AddressFields(type: a["type"]?.stringValue, address: a["address"]?.stringValue)
        }
        let info = status?["nodeInfo"]
        architecture = info?["architecture"]?.stringValue
        operatingSystem = info?["operatingSystem"]?.stringValue
        kubeletVersion = info?["kubeletVersion"]?.stringValue
        images = NodeImage.list(status?["images"])
    }

    /// Reads the item at `depth` (any JSON value: one that is not an object has no fields).
    init(reading p: inout JSONByteParser, depth: Int) throws {
        var f = NodeFields()
        let d = depth + 1
        _ = try p.readObject(depth: depth) { p, key in
            switch key {
            case "metadata": f.metadata = try ObjectMetaFields(reading: &p, depth: d)
            case "spec":
                f.unschedulable = nil
                f.taints = []
                _ = try p.readObject(depth: d) { p, key in
                    switch key {
                    case "unschedulable": f.unschedulable = try p.leaf(depth: d + 1)?.boolValue
                    case "taints": f.taints = try Self.taints(&p, depth: d + 1)
                    default: try p.skipValue(depth: d + 1)
                    }
                }
            case "status":
                let status = try Self.status(&p, depth: d)
                (f.capacity, f.allocatable, f.conditions, f.addresses) =
                    (status.capacity, status.allocatable, status.conditions, status.addresses)
                (f.architecture, f.operatingSystem, f.kubeletVersion, f.images) =
                    (status.architecture, status.operatingSystem, status.kubeletVersion, status.images)
            default: try p.skipValue(depth: d)
            }
        }
        self = f
    }

    private static func taints(_ p: inout JSONByteParser, depth: Int) throws -> [TaintFields] {
        var out: [TaintFields] = []
        let d = depth + 2
        try p.readArray(depth: depth) { p in
            var t = TaintFields()
            _ = try p.readObject(depth: depth + 1) { p, key in
                switch key {
                case "key": t.key = try p.stringLeaf(depth: d)
                case "value": t.value = try p.stringLeaf(depth: d)
                case "effect": t.effect = try p.stringLeaf(depth: d)
                default: try p.skipValue(depth: d)
                }
            }
            out.append(t)
        }
        return out
    }

    /// `status`: a `NodeFields` holding only its status part.
    private static func status(_ p: inout JSONByteParser, depth: Int) throws -> NodeFields {
        var s = NodeFields()
        let d = depth + 1
        _ = try p.readObject(depth: depth) { p, key in
            switch key {
            case "capacity": s.capacity = try p.scalarObject(depth: d)
            case "allocatable": s.allocatable = try p.scalarObject(depth: d)
            case "conditions":
                s.conditions = []
                try p.readArray(depth: d) { p in
                    var c = ConditionFields()
                    _ = try p.readObject(depth: d + 1) { p, key in
                        switch key {
                        case "type": c.type = try p.stringLeaf(depth: d + 2)
                        case "status": c.status = try p.stringLeaf(depth: d + 2)
                        case "reason": c.reason = try p.stringLeaf(depth: d + 2)
                        case "message": c.message = try p.stringLeaf(depth: d + 2)
                        case "lastTransitionTime": c.lastTransitionTime = try p.stringLeaf(depth: d + 2)
                        default: try p.skipValue(depth: d + 2)
                        }
                    }
                    s.conditions.append(c)
                }
            case "addresses":
                s.addresses = []
                try p.readArray(depth: d) { p in
                    var a = AddressFields()
                    _ = try p.readObject(depth: d + 1) { p, key in
                        switch key {
                        case "type": a.type = try p.stringLeaf(depth: d + 2)
                        case "address": a.address = try p.stringLeaf(depth: d + 2)
                        default: try p.skipValue(depth: d + 2)
                        }
                    }
                    s.addresses.append(a)
                }
            case "nodeInfo":
                (s.architecture, s.operatingSystem, s.kubeletVersion) = (nil, nil, nil)
                _ = try p.readObject(depth: d) { p, key in
                    switch key {
                    case "architecture": s.architecture = try p.stringLeaf(depth: d + 1)
                    case "operatingSystem": s.operatingSystem = try p.stringLeaf(depth: d + 1)
                    case "kubeletVersion": s.kubeletVersion = try p.stringLeaf(depth: d + 1)
                    default: try p.skipValue(depth: d + 1)
                    }
                }
            case "images":
                s.images = []
                try p.readArray(depth: d) { p in
                    var names: [String] = []
                    var size: JSONValue?
                    _ = try p.readObject(depth: d + 1) { p, key in
                        switch key {
                        case "names":
                            names = []
                            try p.readArray(depth: d + 2) { p in
                                if let name = try p.stringLeaf(depth: d + 3) { names.append(name) }
                            }
                        case "sizeBytes": size = try p.leaf(depth: d + 2)
                        default: try p.skipValue(depth: d + 2)
                        }
                    }
                    if let image = NodeImage.entry(names: names, sizeBytes: size) { s.images.append(image) }
                }
            default: try p.skipValue(depth: d)
            }
        }
        return s
    }
}
