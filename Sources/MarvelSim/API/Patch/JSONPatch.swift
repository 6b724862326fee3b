import MarvelCore

/// JSON patch (RFC 6902, `application/json-patch+json`): a list of add,
/// remove, replace, move, copy and test operations on JSON pointers, applied
/// in order, all or nothing. Failures read as the API server's patch library
/// words them (`testing value /spec/replicas failed: test failed`).
enum JSONPatch {
    /// The operations of a patch body: a JSON array of objects.
    static func operations(_ body: JSONValue) throws(PatchError) -> [JSONObject] {
        guard case .array(let items) = body else {
            throw .badRequest("json: cannot unmarshal \(jsonWord(body)) into Go value of type jsonpatch.Patch")
        }
        var ops: [JSONObject] = []
        for item in items {
            guard case .object(let o) = item else {
                throw .badRequest("json: cannot unmarshal \(jsonWord(item)) into Go value of type jsonpatch.Operation")
            }
            ops.append(o)
        }
        return ops
    }

    static func apply(_ ops: [JSONObject], to document: JSONValue) throws(PatchError) -> JSONValue {
        var doc = document
        for op in ops {
            let kind = op["op"]?.stringValue ?? "unknown"
            switch kind {
            case "add": try add(&doc, op)
            case "remove": try remove(&doc, op)
            case "replace": try replace(&doc, op)
            case "move": try move(&doc, op)
            case "copy": try copy(&doc, op)
            case "test": try test(doc, op)
            default: throw .unprocessable("Unexpected kind: \(kind)")
            }
        }
        return doc
    }

    // MARK: operations

    private static func add(_ doc: inout JSONValue, _ op: JSONObject) throws(PatchError) {
        let path = try pathField(op, "path")
        guard let value = op["value"] else { throw .unprocessable("operation, missing value field: missing value") }
        guard let (parent, key) = split(path), get(doc, parent) != nil else {
            throw .unprocessable("add operation does not apply: doc is missing path: \"\(path)\": missing value")
        }
        try modify(&doc, at: parent, path: path, verb: "add") { (container: inout JSONValue) throws(PatchError) in
            switch container {
            case .object(var o):
                o[key] = value
                container = .object(o)
            case .array(var a):
                if key == "-" {
                    a.append(value)
                } else {
                    guard let i = Int(key) else {
                        throw .unprocessable("error in add for path: '\(path)': value was not a proper array index: '\(key)': strconv.Atoi: parsing \(GoValueText.quoted(key)): invalid syntax")
                    }
                    let index = i < 0 ? i + a.count + 1 : i
                    guard index >= 0, index <= a.count else { throw invalidIndex("add", path, i) }
                    a.insert(value, at: index)
                }
                container = .array(a)
            default:
                throw .unprocessable("add operation does not apply: doc is missing path: \"\(path)\": missing value")
            }
        }
    }

    private static func remove(_ doc: inout JSONValue, _ op: JSONObject) throws(PatchError) {
        let path = try pathField(op, "path")
        guard let (parent, key) = split(path), get(doc, parent) != nil else {
            throw .unprocessable("remove operation does not apply: doc is missing path: \"\(path)\": missing value")
        }
        try modify(&doc, at: parent, path: path, verb: "remove") { (container: inout JSONValue) throws(PatchError) in
            switch container {
            case .object(var o):
                guard o[key] != nil else {
                    throw .unprocessable("error in remove for path: '\(path)': Unable to remove nonexistent key: \(key): missing value")
                }
                o[key] = nil
                container = .object(o)
            case .array(var a):
                guard let index = existingIndex(key, in: a) else { throw invalidIndex("remove", path, Int(key) ?? 0) }
                a.remove(at: index)
                container = .array(a)
            default:
                throw .unprocessable("remove operation does not apply: doc is missing path: \"\(path)\": missing value")
            }
        }
    }

    private static func replace(_ doc: inout JSONValue, _ op: JSONObject) throws(PatchError) {
        let path = try pathField(op, "path")
        guard let value = op["value"] else { throw .unprocessable("operation, missing value field: missing value") }
        if path.isEmpty {
            doc = value
            return
        }
        guard let (parent, key) = split(path), get(doc, parent) != nil else {
            throw .unprocessable("replace operation does not apply: doc is missing path: \(path): missing value")
        }
        guard get(doc, parent + [key]) != nil else {
            throw .unprocessable("replace operation does not apply: doc is missing key: \(path): missing value")
        }
        try modify(&doc, at: parent, path: path, verb: "replace") { (container: inout JSONValue) throws(PatchError) in
            switch container {
            case .object(var o):
                o[key] = value
                container = .object(o)
            case .array(var a):
                guard let index = existingIndex(key, in: a) else { throw invalidIndex("replace", path, Int(key) ?? 0) }
                a[index] = value
                container = .array(a)
            default:
                break
            }
        }
    }

    private static func move(_ doc: inout JSONValue, _ op: JSONObject) throws(PatchError) {
        let from = try pathField(op, "from")
        let path = try pathField(op, "path")
        guard let (fromParent, fromKey) = split(from), get(doc, fromParent) != nil,
            let value = get(doc, fromParent + [fromKey])
        else {
            throw .unprocessable("move operation does not apply: doc is missing from path: \(from): missing value")
        }
        try remove(&doc, ["op": "remove", "path": .string(from)])
        guard split(path).map({ get(doc, $0.parent) != nil }) == true else {
            throw .unprocessable("move operation does not apply: doc is missing destination path: \(path): missing value")
        }
        try add(&doc, ["op": "add", "path": .string(path), "value": value])
    }

    private static func copy(_ doc: inout JSONValue, _ op: JSONObject) throws(PatchError) {
        let from = try pathField(op, "from")
        let path = try pathField(op, "path")
        guard let (fromParent, fromKey) = split(from), get(doc, fromParent) != nil,
            let value = get(doc, fromParent + [fromKey])
        else {
            throw .unprocessable("copy operation does not apply: doc is missing from path: \(from): missing value")
        }
        guard split(path).map({ get(doc, $0.parent) != nil }) == true else {
            throw .unprocessable("copy operation does not apply: doc is missing destination path: \(path): missing value")
        }
        try add(&doc, ["op": "add", "path": .string(path), "value": value])
    }

    private static func test(_ doc: JSONValue, _ op: JSONObject) throws(PatchError) {
        let path = try pathField(op, "path")
        let expected = op["value"] ?? .null
        if path.isEmpty {
            if doc == expected { return }
            throw .unprocessable("testing value \(path) failed: test failed")
        }
        guard let (parent, key) = split(path), get(doc, parent) != nil else {
            throw .unprocessable("test operation does not apply: is missing path: \(path): missing value")
        }
        let actual = get(doc, parent + [key]) ?? .null
        if !equal(actual, expected) { throw .unprocessable("testing value \(path) failed: test failed") }
    }

    // MARK: pointers

    private static func pathField(_ op: JSONObject, _ name: String) throws(PatchError) -> String {
        guard let path = op[name]?.stringValue else {
            throw .unprocessable(
                name == "path" ? "operation missing path field: missing value" : "operation, missing from field: missing value")
        }
        return path
    }

    /// `/a/b~1c` → parent tokens `["a"]` and key `b/c`; nil for a pointer without `/`.
    private static func split(_ pointer: String) -> (parent: [String], key: String)? {
        let parts = pointer.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts[0].isEmpty else { return nil }
        let tokens = parts.dropFirst().map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
        return (Array(tokens.dropLast()), tokens.last ?? "")
    }

    private static func get(_ doc: JSONValue, _ tokens: [String]) -> JSONValue? {
        var current = doc
        for t in tokens {
            switch current {
            case .object(let o):
                guard let next = o[t] else { return nil }
                current = next
            case .array(let a):
                guard let index = existingIndex(t, in: a) else { return nil }
                current = a[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Runs `change` on the container at `tokens` and writes it back.
    private static func modify(
        _ doc: inout JSONValue, at tokens: [String], path: String, verb: String,
        _ change: (inout JSONValue) throws(PatchError) -> Void
    ) throws(PatchError) {
        guard let first = tokens.first else {
            try change(&doc)
            return
        }
        let rest = Array(tokens.dropFirst())
        switch doc {
        case .object(var o):
            guard var child = o[first] else { return }
            try modify(&child, at: rest, path: path, verb: verb, change)
            o[first] = child
            doc = .object(o)
        case .array(var a):
            guard let index = existingIndex(first, in: a) else { return }
            var child = a[index]
            try modify(&child, at: rest, path: path, verb: verb, change)
            a[index] = child
            doc = .array(a)
        default:
            return
        }
    }

    /// The position an index token names in `array` (negative counts from the end), if it exists.
    private static func existingIndex(_ token: String, in array: [JSONValue]) -> Int? {
        guard let i = Int(token) else { return nil }
        let index = i < 0 ? i + array.count : i
        return array.indices.contains(index) ? index : nil
    }

    private static func invalidIndex(_ verb: String, _ path: String, _ index: Int) -> PatchError {
        .unprocessable("error in \(verb) for path: '\(path)': Unable to access invalid index: \(index): invalid index referenced")
    }

    /// Deep equality with numbers compared by value (1 equals 1.0).
    private static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.int, .double), (.double, .int): return a.doubleValue == b.doubleValue
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            return x.allSatisfy { m in y[m.key].map { equal(m.value, $0) } ?? false }
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        default: return a == b
        }
    }

    private static func jsonWord(_ value: JSONValue) -> String {
        switch value {
        case .object: return "object"
        case .array: return "array"
        case .string: return "string"
        case .bool: return "bool"
        case .null: return "null"
        default: return "number"
        }
    }
}
