/// A line of the schema table that cannot be read.
public struct SchemaTableError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "schema table line \(line): \(message)" }
}

/// Reads the compact schema table the generator writes: a `D NAME [gvk=…]
/// [alias=TYPE] [required=a,b] [map=atomic]` line per definition, then one
/// indented `FIELD TYPE [patch=…] [key=…] [list=…] [keys=…] [map=…]` line per
/// field. Types: `string`, `string/byte`, `string/date-time`, `integer/int32`,
/// `integer/int64`, `number/double`, `boolean`, `quantity`, `int-or-string`,
/// `any`, `#Definition`, `[]TYPE`, `{}TYPE`.
enum SchemaTableParser {
    static func parse(_ text: String) throws(SchemaTableError) -> [String: SchemaDefinition] {
        var definitions: [String: SchemaDefinition] = [:]
        var current: SchemaDefinition?
        var fields: [SchemaField] = []

        func finish() {
            guard var d = current else { return }
            d = SchemaDefinition(
                name: d.name, groupVersionKinds: d.groupVersionKinds, alias: d.alias, required: d.required,
                fields: fields, mapType: d.mapType)
            definitions[d.name] = d
            current = nil
            fields = []
        }

        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let words = raw.split(separator: " ").map(String.init)
            guard let first = words.first else { continue }
            let options = try Self.options(words.dropFirst(2), line: lineNumber)
            if first == "D" {
                finish()
                guard words.count >= 2 else { throw SchemaTableError(line: lineNumber, message: "a definition needs a name") }
                var gvks: [GroupVersionKind] = []
                for g in Self.list(options["gvk"]) {
                    let p = g.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                    guard p.count == 3 else { throw SchemaTableError(line: lineNumber, message: "bad gvk \(g)") }
                    gvks.append(GroupVersionKind(group: p[0], version: p[1], kind: p[2]))
                }
                var alias: FieldType?
                if let a = options["alias"] { alias = try Self.type(a, line: lineNumber) }
                current = SchemaDefinition(
                    name: words[1], groupVersionKinds: gvks, alias: alias, required: Self.list(options["required"]),
                    mapType: options["map"])
            } else {
                guard current != nil, words.count >= 2 else {
                    throw SchemaTableError(line: lineNumber, message: "a field line needs a definition above it and a type")
                }
                fields.append(
                    SchemaField(
                        name: words[0], type: try Self.type(words[1], line: lineNumber),
                        patchStrategies: Self.list(options["patch"]), patchMergeKey: options["key"],
                        listType: options["list"], listMapKeys: Self.list(options["keys"]), mapType: options["map"]))
            }
        }
        finish()
        return definitions
    }

    private static func options(_ words: ArraySlice<String>, line: Int) throws(SchemaTableError) -> [String: String] {
        var out: [String: String] = [:]
        for w in words {
            guard let eq = w.firstIndex(of: "=") else {
                throw SchemaTableError(line: line, message: "expected key=value, found \(w)")
            }
            out[String(w[..<eq])] = String(w[w.index(after: eq)...])
        }
        return out
    }

    private static func list(_ value: String?) -> [String] {
        guard let value, !value.isEmpty else { return [] }
        return value.split(separator: ",").map(String.init)
    }

    static func type(_ token: String, line: Int) throws(SchemaTableError) -> FieldType {
        if token.hasPrefix("[]") { return .array(try type(String(token.dropFirst(2)), line: line)) }
        if token.hasPrefix("{}") { return .map(try type(String(token.dropFirst(2)), line: line)) }
        if token.hasPrefix("#") { return .object(String(token.dropFirst())) }
        switch token {
        case "string": return .string
        case "string/byte": return .bytes
        case "string/date-time": return .dateTime
        case "integer/int32": return .int32
        case "integer/int64", "integer": return .int64
        case "number/double", "number": return .double
        case "boolean": return .boolean
        case "quantity": return .quantity
        case "int-or-string": return .intOrString
        case "any": return .any
        default: throw SchemaTableError(line: line, message: "unknown type \(token)")
        }
    }
}
