import MarvelCore

/// The discovery documents kubectl reads before anything else: /version,
/// /api, /api/v1, /apis and /apis/{group}/{version}.
struct Discovery {
    var resources: [ResourceType]

    static let gitVersion = "v1.30.0-marvdash"

    static var version: JSONValue {
        #if arch(arm64)
            let platform = "linux/arm64"
        #else
            let platform = "linux/amd64"
        #endif
        return [
            "major": "1", "minor": "30", "gitVersion": .string(gitVersion),
            "gitCommit": .string(StableID.hex(gitVersion, count: 40)), "gitTreeState": "clean",
            "buildDate": "2026-01-15T00:00:00Z", "goVersion": "go1.22.5", "compiler": "gc",
            "platform": .string(platform),
        ]
    }

    /// `/api`. `host` is the address the client used (its Host header).
    static func coreVersions(host: String) -> JSONValue {
        [
            "kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(host)]],
        ]
    }

    /// `/apis`: every non-core group with a served resource.
    var groups: JSONValue {
        var names: [String] = []
        var versions: [String: [String]] = [:]
        for r in resources where !r.group.isEmpty {
            if versions[r.group] == nil { names.append(r.group) }
            if !(versions[r.group]?.contains(r.version) ?? false) { versions[r.group, default: []].append(r.version) }
        }
        let groups: [JSONValue] = names.map { g in
            let vs: [JSONValue] = (versions[g] ?? []).map {
                ["groupVersion": .string("\(g)/\($0)"), "version": .string($0)]
            }
            return ["name": .string(g), "versions": .array(vs), "preferredVersion": vs.first ?? .null]
        }
        return ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(groups)]
    }

    /// The APIResourceList of one group version.
    func resourceList(group: String, version: String) -> JSONValue {
        let served = resources.filter { $0.group == group && $0.version == version }
        let items: [JSONValue] = served.map { r -> [JSONValue] in
            var o: JSONObject = [
                "name": .string(r.name), "singularName": .string(r.singularName), "namespaced": .bool(r.namespaced),
                "kind": .string(r.kind), "verbs": .array(r.verbs.map { .string($0) }),
            ]
            if !r.shortNames.isEmpty { o["shortNames"] = .array(r.shortNames.map { .string($0) }) }
            if !r.categories.isEmpty { o["categories"] = .array(r.categories.map { .string($0) }) }
            return [.object(o)]
                + r.subresources.sorted { $0.name < $1.name }.map { sub -> JSONValue in
                    var entry: JSONObject = [
                        "name": .string("\(r.name)/\(sub.name)"), "singularName": "", "namespaced": .bool(r.namespaced),
                    ]
                    if let g = sub.group { entry["group"] = .string(g) }
                    if let v = sub.version { entry["version"] = .string(v) }
                    entry["kind"] = .string(sub.kind ?? r.kind)
                    entry["verbs"] = .array(sub.verbs.map { .string($0) })
                    return .object(entry)
                }
        }.flatMap { $0 }
        var list: JSONObject = ["kind": "APIResourceList"]
        if !group.isEmpty { list["apiVersion"] = "v1" }
        list["groupVersion"] = .string(group.isEmpty ? version : "\(group)/\(version)")
        list["resources"] = .array(items)
        return .object(list)
    }
}
