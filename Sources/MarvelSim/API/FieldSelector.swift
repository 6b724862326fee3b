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

    /// Parses the `fieldSelector` query parameter for `resource`. Values may
    /// escape `,`, `=`, `!` and `\` with a backslash.
    init(parsing text: String, resource: String) throws(APIStatus) {
        let allowed = FieldSelector.commonFields.union(FieldSelector.resourceFields[resource] ?? [])
        terms = []
        for part in FieldSelector.split(text) where !part.trimmingSpaces.isEmpty {
            let term = try FieldSelector.term(part, text: text)
            guard allowed.contains(term.field) else {
                throw .badRequest("field label not supported: \(term.field) (fieldSelector \"\(text)\" on \(resource))")
            }
            terms.append(term)
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
        var field = ""
        while i < chars.count {
            let c = chars[i]
            if c == "=" || (c == "!" && i + 1 < chars.count && chars[i + 1] == "=") { break }
            field.append(c)
            i += 1
        }
        guard i < chars.count else {
            throw .badRequest(
                "invalid selector: can't understand '\(part)' in fieldSelector \"\(text)\""
                    + " (use field=value or field!=value)")
        }
        var negated = false
        if chars[i] == "!" {
            negated = true
            i += 2
        } else {
            i += 1
            if i < chars.count, chars[i] == "=" { i += 1 }
        }
        var value = ""
        var escaped = false
        while i < chars.count {
            let c = chars[i]
            if escaped {
                value.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                value.append(c)
            }
            i += 1
        }
        return Term(field: field.trimmingSpaces, value: value, negated: negated)
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
