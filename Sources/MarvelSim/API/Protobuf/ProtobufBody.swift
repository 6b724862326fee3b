import MarvelCore

/// Request bodies in Kubernetes' protobuf encoding (`application/vnd.kubernetes.protobuf`:
/// the magic `k8s\0`, then a `runtime.Unknown` wrapping the object), which
/// kubectl's typed clients send for RoleBindings and ClusterRoleBindings
/// (`kubectl create rolebinding`), turned into the JSON object they encode.
/// Other kinds are refused with a clear 415.
enum ProtobufBody {
    static let contentType = "application/vnd.kubernetes.protobuf"
    static let magic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

    /// The JSON object a protobuf body of a `type` encodes.
    static func decode(_ body: [UInt8], as type: ResourceType) throws(APIStatus) -> JSONValue {
        let unsupported = APIStatus(
            code: 415, reason: "UnsupportedMediaType",
            message: "the embedded cluster reads \(type.kind) objects as JSON or YAML, not \(contentType); "
                + "send application/json (kubectl apply -f FILE works)")
        guard ["RoleBinding", "ClusterRoleBinding"].contains(type.kind) else { throw unsupported }
        let malformed = APIStatus.badRequest("the \(contentType) body is not a protobuf-encoded \(type.kind)")
        guard body.starts(with: magic) else { throw malformed }
        do {
            var typeMeta: (apiVersion: String, kind: String) = ("", "")
            var raw: ArraySlice<UInt8> = []
            for f in try ProtobufReader.fields(body[magic.count...]) {
                switch f.number {
                case 1:
                    for t in try ProtobufReader.fields(f.value.payload ?? []) {
                        if t.number == 1 { typeMeta.apiVersion = t.value.string ?? "" }
                        if t.number == 2 { typeMeta.kind = t.value.string ?? "" }
                    }
                case 2: raw = f.value.payload ?? []
                default: continue
                }
            }
            var object = try binding(raw)
            object["apiVersion"] = .string(typeMeta.apiVersion.isEmpty ? type.apiVersion : typeMeta.apiVersion)
            object["kind"] = .string(typeMeta.kind.isEmpty ? type.kind : typeMeta.kind)
            return object
        } catch {
            throw malformed
        }
    }

    /// rbac/v1 RoleBinding and ClusterRoleBinding: metadata = 1, subjects = 2, roleRef = 3.
    private static func binding(_ raw: ArraySlice<UInt8>) throws(ProtobufReader.Malformed) -> JSONValue {
        var o: JSONObject = [:]
        var subjects: [JSONValue] = []
        for f in try ProtobufReader.fields(raw) {
            switch f.number {
            case 1: o["metadata"] = try objectMeta(f.value.payload ?? [])
            case 2:
                // Subject: kind = 1, apiGroup = 2, name = 3, namespace = 4.
                subjects.append(try strings(f.value.payload ?? [], ["kind", "apiGroup", "name", "namespace"]))
            case 3:
                // RoleRef: apiGroup = 1, kind = 2, name = 3.
                o["roleRef"] = try strings(f.value.payload ?? [], ["apiGroup", "kind", "name"])
            default: continue
            }
        }
        if !subjects.isEmpty { o["subjects"] = .array(subjects) }
        return .object(o)
    }

    /// A message of string fields numbered 1… after `names`.
    private static func strings(_ raw: ArraySlice<UInt8>, _ names: [String]) throws(ProtobufReader.Malformed) -> JSONValue {
        var o: JSONObject = [:]
        for f in try ProtobufReader.fields(raw) where f.number >= 1 && f.number <= names.count {
            if let s = f.value.string { o[names[f.number - 1]] = .string(s) }
        }
        return .object(o)
    }

    /// The ObjectMeta fields a client sets on create: name, generateName, namespace,
    /// labels, annotations, finalizers.
    private static func objectMeta(_ raw: ArraySlice<UInt8>) throws(ProtobufReader.Malformed) -> JSONValue {
        var o: JSONObject = [:]
        var labels = JSONObject()
        var annotations = JSONObject()
        var finalizers: [JSONValue] = []
        for f in try ProtobufReader.fields(raw) {
            switch f.number {
            case 1: o["name"] = f.value.string.map(JSONValue.string)
            case 2: o["generateName"] = f.value.string.map(JSONValue.string)
            case 3: o["namespace"] = f.value.string.map(JSONValue.string)
            case 11, 12:
                var key = ""
                var value = ""
                for e in try ProtobufReader.fields(f.value.payload ?? []) {
                    if e.number == 1 { key = e.value.string ?? "" }
                    if e.number == 2 { value = e.value.string ?? "" }
                }
                if f.number == 11 { labels[key] = .string(value) } else { annotations[key] = .string(value) }
            case 14: if let s = f.value.string { finalizers.append(.string(s)) }
            default: continue
            }
        }
        if !labels.isEmpty { o["labels"] = .object(labels) }
        if !annotations.isEmpty { o["annotations"] = .object(annotations) }
        if !finalizers.isEmpty { o["finalizers"] = .array(finalizers) }
        return .object(o)
    }
}
