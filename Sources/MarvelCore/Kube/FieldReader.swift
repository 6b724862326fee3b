import Foundation

/// Small typed readers over API JSON used by the views' decoders.
struct FieldReader {
    let kind: String
    var name: String?

    func string(_ v: JSONValue?) -> String? { v?.stringValue }

    /// `value` when it is a non-empty string; otherwise `field` "is missing".
    func required(_ value: String?, field: String) throws(KubeDecodingError) -> String {
        guard let s = value, !s.isEmpty else {
            throw KubeDecodingError(kind: kind, name: name, field: field, problem: "is missing")
        }
        return s
    }

    func stringMap(_ v: JSONValue?) -> [String: String] {
        guard let o = v?.objectValue else { return [:] }
        var out: [String: String] = [:]
        for m in o {
            if let s = m.value.stringValue { out[m.key] = s }
        }
        return out
    }

    func quantities(_ v: JSONValue?, field: String) throws(KubeDecodingError) -> [String: Quantity] {
        try quantities(v?.objectValue, field: field)
    }

    /// An object's members as quantities (numbers or quantity strings); the first member that
    /// is neither, or does not parse, throws naming `field.key`.
    func quantities(_ o: JSONObject?, field: String) throws(KubeDecodingError) -> [String: Quantity] {
        guard let o else { return [:] }
        var out: [String: Quantity] = [:]
        for m in o {
            let text: String
            switch m.value {
            case .string(let s): text = s
            case .int(let i): text = String(i)
            case .double(let d): text = String(d)
            default:
                throw KubeDecodingError(kind: kind, name: name, field: "\(field).\(m.key)", problem: "is not a quantity")
            }
            do {
                out[m.key] = try Quantity(parsing: text)
            } catch {
                throw KubeDecodingError(kind: kind, name: name, field: "\(field).\(m.key)", problem: "is invalid: \(error)")
            }
        }
        return out
    }

    func date(_ v: JSONValue?) -> Date? { date(v?.stringValue) }

    /// The RFC 3339 timestamp `text` names, nil when absent or not a timestamp.
    func date(_ text: String?) -> Date? { text.flatMap(Timestamp.parse) }
}

extension JSONValue {
    /// Follows an array of object keys.
    func at(_ path: [String]) -> JSONValue? {
        var cur: JSONValue? = self
        for k in path { cur = cur?[k] }
        return cur
    }
}
