/// What `Pod(json:)` reads of a Pod object, taken from a parsed tree
/// (`init(json:)`) or straight from a list page's bytes (`init(reading:depth:)`,
/// nothing else built); `Pod(fields:sharing:)` turns either into a `Pod`.
struct PodFields {
    /// What is read of one entry of `spec.containers` or `spec.initContainers`.
    struct ContainerFields {
        var name: String?
        var image: String?
        var requests: JSONObject?
        var limits: JSONObject?
        var restartPolicy: String?
    }

    var metadata = ObjectMetaFields()
    var nodeName: String?
    var containers: [ContainerFields] = []
    var initContainers: [ContainerFields] = []
    var overhead: JSONObject?
    var status = PodStatusFields()

    init() {}

    init(json: JSONValue) {
        metadata = ObjectMetaFields(json: json["metadata"])
        let spec = json["spec"]
        nodeName = spec?["nodeName"]?.stringValue
        containers = (spec?["containers"]?.arrayValue ?? []).map(ContainerFields.init(json:))
        initContainers = (spec?["initContainers"]?.arrayValue ?? []).map(ContainerFields.init(json:))
        overhead = spec?["overhead"]?.objectValue
        status = PodStatusFields(json: json["status"])
    }

    /// Reads the item at `depth` (any JSON value: one that is not an object has no fields).
    init(reading p: inout JSONByteParser, depth: Int) throws {
        var f = PodFields()
        let d = depth + 1
        _ = try p.readObject(depth: depth) { p, key in
            switch key {
            case "metadata": f.metadata = try ObjectMetaFields(reading: &p, depth: d)
            case "spec":
                f.nodeName = nil
                f.containers = []
                f.initContainers = []
                f.overhead = nil
                _ = try p.readObject(depth: d) { p, key in
                    switch key {
                    case "nodeName": f.nodeName = try p.stringLeaf(depth: d + 1)
                    case "containers": f.containers = try ContainerFields.list(&p, depth: d + 1)
                    case "initContainers": f.initContainers = try ContainerFields.list(&p, depth: d + 1)
                    case "overhead": f.overhead = try p.scalarObject(depth: d + 1)
                    default: try p.skipValue(depth: d + 1)
                    }
                }
            case "status": f.status = try PodStatusFields(reading: &p, depth: d)
            default: try p.skipValue(depth: d)
            }
        }
        self = f
    }
}

extension PodFields.ContainerFields {
    init(json c: JSONValue) {
        name = c["name"]?.stringValue
        image = c["image"]?.stringValue
        requests = c.at("resources", "requests")?.objectValue
        limits = c.at("resources", "limits")?.objectValue
        restartPolicy = c["restartPolicy"]?.stringValue
    }

    /// The array at `depth` (nothing when it is not an array).
    static func list(_ p: inout JSONByteParser, depth: Int) throws -> [Self] {
        var out: [Self] = []
        try p.readArray(depth: depth) { p in out.append(try Self(reading: &p, depth: depth + 1)) }
        return out
    }

    init(reading p: inout JSONByteParser, depth: Int) throws {
        var c = Self()
        let d = depth + 1
        _ = try p.readObject(depth: depth) { p, key in
            switch key {
            case "name": c.name = try p.stringLeaf(depth: d)
            case "image": c.image = try p.stringLeaf(depth: d)
            case "restartPolicy": c.restartPolicy = try p.stringLeaf(depth: d)
            case "resources":
                c.requests = nil
                c.limits = nil
                _ = try p.readObject(depth: d) { p, key in
                    switch key {
                    case "requests": c.requests = try p.scalarObject(depth: d + 1)
                    case "limits": c.limits = try p.scalarObject(depth: d + 1)
                    default: try p.skipValue(depth: d + 1)
                    }
                }
            default: try p.skipValue(depth: d)
            }
        }
        self = c
    }
}
