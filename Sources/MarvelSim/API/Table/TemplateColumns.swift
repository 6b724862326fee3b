import MarvelCore

/// The `-o wide` columns kubectl prints for objects with a pod template
/// (CONTAINERS, IMAGES, SELECTOR), and the label-selector text they use.
enum TemplateColumns {
    static let containers = TableColumn(
        name: "Containers", description: "Names of each container in the template.", priority: 1)
    static let images = TableColumn(
        name: "Images", description: "Images referenced by each container in the template.", priority: 1)
    static let selector = TableColumn(
        name: "Selector", description: "Label query over pods that should match the replica count.", priority: 1)

    /// "a,b" and "x:1,y:2" for the containers of `podSpec`.
    static func cells(podSpec: JSONValue?) -> (containers: JSONValue, images: JSONValue) {
        let containers = podSpec?["containers"]?.arrayValue ?? []
        return (
            .string(containers.compactMap { $0["name"]?.stringValue }.joined(separator: ",")),
            .string(containers.compactMap { $0["image"]?.stringValue }.joined(separator: ","))
        )
    }

    /// A `metav1.LabelSelector` as kubectl writes it: `app=web,tier in (a,b),!gone`; `<none>` when empty.
    static func selector(_ json: JSONValue?) -> JSONValue {
        var parts: [String] = []
        for m in (json?["matchLabels"]?.objectValue ?? JSONObject()).sorted(by: { $0.key < $1.key }) {
            parts.append("\(m.key)=\(m.value.stringValue ?? "")")
        }
        for e in json?["matchExpressions"]?.arrayValue ?? [] {
            let key = e["key"]?.stringValue ?? ""
            let values = (e["values"]?.arrayValue ?? []).compactMap(\.stringValue).sorted().joined(separator: ",")
            switch e["operator"]?.stringValue ?? "" {
            case "In": parts.append("\(key) in (\(values))")
            case "NotIn": parts.append("\(key) notin (\(values))")
            case "Exists": parts.append(key)
            case "DoesNotExist": parts.append("!\(key)")
            default: continue
            }
        }
        return .string(parts.isEmpty ? "<none>" : parts.joined(separator: ","))
    }

    /// A plain label map (a Service's selector) as `a=b,c=d`; `<none>` when empty.
    static func labels(_ json: JSONValue?) -> JSONValue {
        let parts = (json?.objectValue ?? JSONObject()).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.stringValue ?? "")" }
        return .string(parts.isEmpty ? "<none>" : parts.joined(separator: ","))
    }
}
