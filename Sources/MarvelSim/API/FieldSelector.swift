import MarvelCore

/// A parsed field selector (`spec.nodeName=grnedge1,status.phase!=Running`).
/// Only the fields the API server indexes for a resource are accepted.
struct FieldSelector: Sendable, Equatable {
    /// One `field=value` or `field!=value` term.
    struct Term: Sendable, Equatable {
        var field: String
        var value: String
        var negated: Bool
    }

    var terms: [Term]

    var isEmpty: Bool { terms.isEmpty }

    /// Fields every resource supports.
    static let commonFields: Set<String> = ["metadata.name", "metadata.namespace"]

    /// Extra fields per resource, as the API server registers them.
    static let resourceFields: [String: Set<String>] = [
        "pods": [
            "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
            "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName",
        ],
        "nodes": ["spec.unschedulable"],
        "namespaces": ["status.phase"],
        "events": [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
            "reportingComponent", "source", "type",
        ],
        "secrets": ["type"],
    ]

    /// Parses the `fieldSelector` query parameter for `resource` as kube-apiserver does:
    /// terms split on unescaped commas (and read in sorted order), each split at its first
    /// `!=`, `==` or `=`; in a value `\,`, `\=` and `\\` are escapes, and any other
    /// backslash or an unescaped `,` or `=` (`spec.nodeName===`) is refused with 400.
    init(parsing text: String, resource: String) throws(APIStatus) {
        let allowed = FieldSelector.commonFields.union(FieldSelector.resourceFields[resource] ?? [])
        terms = []
        for part in FieldSelector.split(text).sorted() where !part.trimmingSpaces.isEmpty {
            terms.append(try FieldSelector.term(part, text: text))
        }
        for term in terms where !allowed.contains(term.field) {
            throw .badRequest("field label not supported: \(term.field) (fieldSelector \"\(text)\" on \(resource))")
        }
    }

    func matches(object: JSONValue) -> Bool {
        terms.allSatisfy { t in (FieldSelector.value(of: t.field, in: object) == t.value) != t.negated }
    }

    /// The field's value as a selector compares it: strings as they are, booleans as `true`/`false`, missing as "".
    static func value(of field: String, in object: JSONValue) -> String {
        if field == "source" { return object.at("source", "component")?.stringValue ?? "" }  // events
        var cur: JSONValue? = object
        for part in field.split(separator: ".") { cur = cur?[String(part)] }
        switch cur {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        default: return ""
        }
    }

    /// Splits on unescaped commas, keeping escapes for `term` to resolve.
    private static func split(_ s: String) -> [String] {
        var parts: [String] = []
        var cur = ""
        var escaped = false
        for c in s {
            if escaped {
                cur.append("\\")
                cur.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "," {
                parts.append(cur)
                cur = ""
            } else {
                cur.append(c)
            }
        }
        if escaped { cur.append("\\") }
        parts.append(cur)
        return parts
    }

    private static func term(_ part: String, text: String) throws(APIStatus) -> Term {
        let chars = Array(part)
        var i = 0
        while i < chars.count, chars[i] != "=", !(chars[i] == "!" && i + 1 < chars.count && chars[i + 1] == "=") { i += 1 }
        guard i < chars.count else {
            throw .badRequest("invalid selector: '\(text)'; can't understand '\(part)'")
        }
        let field = String(chars[..<i])
        let negated = chars[i] == "!"
        i += negated || (i + 1 < chars.count && chars[i + 1] == "=") ? 2 : 1
        return Term(field: field.trimmingSpaces, value: try unescape(chars[i...]), negated: negated)
    }

    /// A value with its escapes resolved, worded as apimachinery's `fields.UnescapeValue`
    /// (which prints the refused character as its code point).
    private static func unescape(_ chars: ArraySlice<Character>) throws(APIStatus) -> String {
        var value = ""
        var escaped = false
        for c in chars {
            if escaped {
                guard c == "\\" || c == "," || c == "=" else {
                    throw .badRequest("invalid field selector: invalid escape sequence: \\\(c)")
                }
                value.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "," || c == "=" {
                throw .badRequest("invalid field selector: unescaped character in value: \(c.unicodeScalars.first?.value ?? 0)")
            } else {
                value.append(c)
            }
        }
        if escaped { throw .badRequest("invalid field selector: invalid escape sequence: \\") }
        return value
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
