import MarvelCore

/// The merge of server-side apply, kept simple: objects merge key by key,
/// lists whose items are all objects with a `name` merge item by item by
/// name (unnamed or scalar lists are replaced), scalars are replaced.
enum ApplyMerge {
    static func merge(_ base: JSONValue, _ applied: JSONValue) -> JSONValue {
        switch (base, applied) {
        case (.object(var b), .object(let a)):
            for m in a {
                b[m.key] = b[m.key].map { merge($0, m.value) } ?? m.value
            }
            return .object(b)
        case (.array(let b), .array(let a)) where isNamedList(a) && isNamedList(b):
            var out = a.map { item -> JSONValue in
                let name = item["name"]?.stringValue
                guard let old = b.first(where: { $0["name"]?.stringValue == name }) else { return item }
                return merge(old, item)
            }
            let appliedNames = Set(a.compactMap { $0["name"]?.stringValue })
            out += b.filter { !appliedNames.contains($0["name"]?.stringValue ?? "") }
            return .array(out)
        default:
            return applied
        }
    }

    static func isNamedList(_ items: [JSONValue]) -> Bool {
        !items.isEmpty && items.allSatisfy { $0["name"]?.stringValue != nil }
    }

    /// The FieldsV1 set of an applied object: `f:key` per field, `k:{"name":…}`
    /// per named list item, `.` for a leaf set as a whole.
    static func fieldSet(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let o):
            var out = JSONObject()
            for m in o { out["f:" + m.key] = fieldSet(m.value) }
            return .object(out)
        case .array(let items) where isNamedList(items):
            var out = JSONObject()
            for item in items {
                let key: JSONValue = ["name": item["name"] ?? ""]
                var entry = fieldSet(item)
                entry["."] = [:]
                out["k:" + key.jsonString()] = entry
            }
            return .object(out)
        default:
            return [:]
        }
    }
}
