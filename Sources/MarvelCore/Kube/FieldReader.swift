import Foundation

/// Small typed readers over API JSON used by the views' decoders.
struct FieldReader {
    let kind: String
    var name: String?

    func string(_ v: JSONValue?) -> String? { v?.stringValue }

    func requiredString(_ root: JSONValue, _ path: String...) throws(KubeDecodingError) -> String {
        guard let s = root.at(path)?.stringValue, !s.isEmpty else {
            throw KubeDecodingError(kind: kind, name: name, field: path.joined(separator: "."), problem: "is missing")
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
        guard let o = v?.objectValue else { return [:] }
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

    func date(_ v: JSONValue?) -> Date? { v?.stringValue.flatMap(Timestamp.parse) }
}

extension JSONValue {
    /// Follows an array of object keys.
    func at(_ path: [String]) -> JSONValue? {
        var cur: JSONValue? = self
        for k in path { cur = cur?[k] }
        return cur
    }
}
