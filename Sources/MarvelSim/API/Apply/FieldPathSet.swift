import MarvelCore

/// A set of fields as server-side apply tracks ownership (`managedFields[].fieldsV1`),
/// held as paths of FieldsV1 keys from the root: `["f:metadata", "f:labels", "f:app"]`,
/// and for a list item keyed by its merge key `["f:spec", …, "k:{\"name\":\"web\"}", "."]`
/// (the item itself) next to the paths of its fields.
struct FieldPathSet: Equatable {
    var paths: Set<[String]>

    init(paths: Set<[String]> = []) { self.paths = paths }

    /// The leaf paths of a FieldsV1 object (every key whose value is `{}`).
    init(fieldsV1: JSONValue) {
        var out = Set<[String]>()
        func walk(_ value: JSONValue, _ prefix: [String]) {
            guard let object = value.objectValue else { return }
            for member in object {
                let path = prefix + [member.key]
                if let child = member.value.objectValue, !child.isEmpty { walk(member.value, path) } else { out.insert(path) }
            }
        }
        walk(fieldsV1, [])
        paths = out
    }

    /// The FieldsV1 object of the set.
    var fieldsV1: JSONValue {
        var root = JSONValue.object(JSONObject())
        for path in paths.sorted(by: { $0.lexicographicallyPrecedes($1) }) { Self.insert(path[...], into: &root) }
        return root
    }

    private static func insert(_ path: ArraySlice<String>, into value: inout JSONValue) {
        guard let first = path.first else { return }
        var child = value[first] ?? .object(JSONObject())
        insert(path.dropFirst(), into: &child)
        value[first] = child
    }

    /// Whether some path of the set is `path` or lies under it.
    func covers(_ path: [String]) -> Bool {
        let prefix = path.last == "." ? Array(path.dropLast()) : path
        return paths.contains { $0.starts(with: prefix) }
    }

    /// A path as structured-merge-diff prints it: `.metadata.labels.app`, `.spec.containers[name="web"].image`.
    static func text(_ path: [String]) -> String {
        var out = ""
        for element in path {
            if element.hasPrefix("f:") {
                out += "." + element.dropFirst(2)
            } else if element.hasPrefix("k:"), let key = try? JSONValue.parse(Array(element.dropFirst(2).utf8)), let fields = key.objectValue {
                let parts = fields.map { "\($0.key)=\($0.value.jsonString())" }
                out += "[" + parts.joined(separator: ",") + "]"
            }
        }
        return out
    }

    // MARK: values at a path

    /// The value `path` names in `object` (a list item for a path ending in "."), nil when absent.
    static func value(at path: [String], in object: JSONValue) -> JSONValue? {
        var current = object
        for element in path {
            if element == "." { return current }
            guard let next = step(current, element) else { return nil }
            current = next
        }
        return current
    }

    private static func step(_ value: JSONValue, _ element: String) -> JSONValue? {
        if element.hasPrefix("f:") { return value[String(element.dropFirst(2))] }
        if element.hasPrefix("k:") { return value.arrayValue?.first { matches($0, element) } }
        return nil
    }

    /// Whether a list item carries every field of a `k:{…}` key.
    private static func matches(_ item: JSONValue, _ element: String) -> Bool {
        guard let key = try? JSONValue.parse(Array(element.dropFirst(2).utf8)), let fields = key.objectValue else { return false }
        return fields.allSatisfy { item[$0.key] == $0.value }
    }

    /// `object` without the field `path` names (the whole item for a path ending in ".").
    static func removing(_ path: ArraySlice<String>, from object: JSONValue) -> JSONValue {
        guard let first = path.first else { return object }
        let rest = path.dropFirst()
        if first.hasPrefix("f:") {
            let name = String(first.dropFirst(2))
            guard var members = object.objectValue, let child = members[name] else { return object }
            // Not `nil` in a conditional: that would be JSONValue's null literal, not a removal.
            if rest.isEmpty {
                members[name] = Optional<JSONValue>.none
            } else {
                members[name] = removing(rest, from: child)
            }
            return .object(members)
        }
        if first.hasPrefix("k:"), let items = object.arrayValue {
            if rest == ["."] { return .array(items.filter { !matches($0, first) }) }
            return .array(items.map { matches($0, first) ? removing(rest, from: $0) : $0 })
        }
        return object
    }
}
