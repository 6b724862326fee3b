/// What `PodStatusRules` reads of a pod's `status`, taken from a parsed tree
/// (`init(json:)`) or straight from the bytes (`init(reading:depth:)`).
struct PodStatusFields {
    /// One entry of `containerStatuses` or `initContainerStatuses`.
    struct ContainerStatus {
        var name: String?
        var restartCount: Int?
        var started: Bool?
        var ready: Bool?
        /// `state.waiting.reason`.
        var waitingReason: String?
        /// `state.terminated` when it is an object.
        var terminated: Terminated?
        /// True when `state.running` is an object.
        var running = false
    }

    /// What the rules read of `state.terminated`.
    struct Terminated {
        var exitCode: Int?
        var reason: String?
        var signal: Int?
    }

    var phase: String?
    var reason: String?
    var podIP: String?
    var hostIP: String?
    var initContainerStatuses: [ContainerStatus] = []
    var containerStatuses: [ContainerStatus] = []
    /// True when a condition says Ready is "True".
    var readyCondition = false

    init() {}

    init(json status: JSONValue?) {
        phase = status?["phase"]?.stringValue
        reason = status?["reason"]?.stringValue
        podIP = status?["podIP"]?.stringValue
        hostIP = status?["hostIP"]?.stringValue
        initContainerStatuses = (status?["initContainerStatuses"]?.arrayValue ?? []).map(ContainerStatus.init(json:))
        containerStatuses = (status?["containerStatuses"]?.arrayValue ?? []).map(ContainerStatus.init(json:))
        readyCondition = (status?["conditions"]?.arrayValue ?? []).contains {
            Self.isReady(type: $0["type"]?.stringValue, status: $0["status"]?.stringValue)
        }
    }

    init(reading p: inout JSONByteParser, depth: Int) throws {
        var s = PodStatusFields()
        let d = depth + 1
        _ = try p.readObject(depth: depth) { p, key in
            switch key {
            case "phase": s.phase = try p.stringLeaf(depth: d)
            case "reason": s.reason = try p.stringLeaf(depth: d)
            case "podIP": s.podIP = try p.stringLeaf(depth: d)
            case "hostIP": s.hostIP = try p.stringLeaf(depth: d)
            case "initContainerStatuses": s.initContainerStatuses = try ContainerStatus.list(&p, depth: d)
            case "containerStatuses": s.containerStatuses = try ContainerStatus.list(&p, depth: d)
            case "conditions":
                s.readyCondition = false
                try p.readArray(depth: d) { p in
                    var type: String?
                    var status: String?
                    _ = try p.readObject(depth: d + 1) { p, key in
                        switch key {
                        case "type": type = try p.stringLeaf(depth: d + 2)
                        case "status": status = try p.stringLeaf(depth: d + 2)
                        default: try p.skipValue(depth: d + 2)
                        }
                    }
                    if Self.isReady(type: type, status: status) { s.readyCondition = true }
                }
            default: try p.skipValue(depth: d)
            }
        }
        self = s
    }

    static func isReady(type: String?, status: String?) -> Bool { type == "Ready" && status == "True" }
}

extension PodStatusFields.ContainerStatus {
    init(json cs: JSONValue) {
        name = cs["name"]?.stringValue
        restartCount = cs["restartCount"]?.intValue
        started = cs["started"]?.boolValue
        ready = cs["ready"]?.boolValue
        let state = cs["state"]
        waitingReason = state?["waiting"]?["reason"]?.stringValue
        if let t = state?["terminated"], t.objectValue != nil {
            terminated = PodStatusFields.Terminated(
                exitCode: t["exitCode"]?.intValue, reason: t["reason"]?.stringValue, signal: t["signal"]?.intValue)
        }
        running = state?["running"]?.objectValue != nil
    }

    /// The array at `depth` (nothing when it is not an array).
    static func list(_ p: inout JSONByteParser, depth: Int) throws -> [Self] {
        var out: [Self] = []
        try p.readArray(depth: depth) { p in out.append(try Self(reading: &p, depth: depth + 1)) }
        return out
    }

    init(reading p: inout JSONByteParser, depth: Int) throws {
        var cs = Self()
        let d = depth + 1
        _ = try p.readObject(depth: depth) { p, key in
            switch key {
            case "name": cs.name = try p.stringLeaf(depth: d)
            case "restartCount": cs.restartCount = try p.leaf(depth: d)?.intValue
            case "started": cs.started = try p.leaf(depth: d)?.boolValue
            case "ready": cs.ready = try p.leaf(depth: d)?.boolValue
            case "state":
                var waitingReason: String?
                var terminated: PodStatusFields.Terminated?
                var running = false
                _ = try p.readObject(depth: d) { p, key in
                    switch key {
                    case "waiting":
                        waitingReason = nil
                        _ = try p.readObject(depth: d + 1) { p, key in
                            if key == "reason" { waitingReason = try p.stringLeaf(depth: d + 2) } else { try p.skipValue(depth: d + 2) }
                        }
                    case "terminated":
                        var t = PodStatusFields.Terminated()
                        let isObject = try p.readObject(depth: d + 1) { p, key in
                            switch key {
                            case "exitCode": t.exitCode = try p.leaf(depth: d + 2)?.intValue
                            case "reason": t.reason = try p.stringLeaf(depth: d + 2)
                            case "signal": t.signal = try p.leaf(depth: d + 2)?.intValue
                            default: try p.skipValue(depth: d + 2)
                            }
                        }
                        terminated = isObject ? t : nil
                    case "running": running = try p.isObject(depth: d + 1)
                    default: try p.skipValue(depth: d + 1)
                    }
                }
                (cs.waitingReason, cs.terminated, cs.running) = (waitingReason, terminated, running)
            default: try p.skipValue(depth: d)
            }
        }
        self = cs
    }
}
