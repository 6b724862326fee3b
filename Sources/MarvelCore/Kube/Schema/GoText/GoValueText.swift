/// A JSON value printed the way Go's fmt prints the `interface{}` values the
/// API server decodes JSON into, so messages read exactly as a real server's:
/// `%v` (`map[a:1 b:x]`), `%#v` (`map[string]interface {}{"a":1}`), `%q`, `%T`.
public enum GoValueText {
    /// Go's `%v`: strings bare, maps with sorted keys as `map[k:v]`, lists as `[a b]`.
    public static func plain(_ value: JSONValue) -> String {
        switch value {
        case .null: return "<nil>"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return float(d)
        case .string(let s): return s
        case .array(let a): return "[" + a.map(plain).joined(separator: " ") + "]"
        case .object(let o):
            let members = o.members.sorted { $0.key < $1.key }
            return "map[" + members.map { "\($0.key):\(plain($0.value))" }.joined(separator: " ") + "]"
        }
    }

    /// Go's `%#v` of an `interface{}` holding the decoded value.
    public static func goSyntax(_ value: JSONValue) -> String {
        switch value {
        case .null: return "<nil>"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return float(d)
        case .string(let s): return quoted(s)
        case .array(let a): return "[]interface {}{" + a.map(goSyntax).joined(separator: ", ") + "}"
        case .object(let o):
            let members = o.members.sorted { $0.key < $1.key }
            return "map[string]interface {}{"
                + members.map { "\(quoted($0.key)):\(goSyntax($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    /// What Go's json.Marshal writes for the decoded value: compact, map keys sorted,
    /// `<`, `>` and `&` escaped.
    public static func json(_ value: JSONValue) -> String {
        switch value {
        case .object(let o):
            let members = o.members.sorted { $0.key < $1.key }
            return "{" + members.map { json(.string($0.key)) + ":" + json($0.value) }.joined(separator: ",") + "}"
        case .array(let a):
            return "[" + a.map(json).joined(separator: ",") + "]"
        case .string:
            var out = ""
            for c in value.jsonString().unicodeScalars {
                switch c {
                case "<": out += "\\u003c"
                case ">": out += "\\u003e"
                case "&": out += "\\u0026"
                case "\u{2028}": out += "\\u2028"
                case "\u{2029}": out += "\\u2029"
                default: out.unicodeScalars.append(c)
                }
            }
            return out
        default:
            return value.jsonString()
        }
    }

    /// Go's `%T` of the decoded value: `string`, `int64`, `float64`, `bool`,
    /// `map[string]interface {}`, `[]interface {}`, `<nil>`.
    public static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: return "<nil>"
        case .bool: return "bool"
        case .int: return "int64"
        case .double: return "float64"
        case .string: return "string"
        case .array: return "[]interface {}"
        case .object: return "map[string]interface {}"
        }
    }

    /// Go's reflect kind name of the decoded value (`string`, `int64`, `float64`, `bool`, `map`, `slice`).
    public static func kindName(_ value: JSONValue) -> String {
        switch value {
        case .null: return "invalid"
        case .bool: return "bool"
        case .int: return "int64"
        case .double: return "float64"
        case .string: return "string"
        case .array: return "slice"
        case .object: return "map"
        }
    }

    /// Go's `%#v` of a `map[string]string` (labels): `map[string]string{"app":"web"}`.
    public static func stringMap(_ object: JSONObject) -> String {
        let members = object.members.sorted { $0.key < $1.key }
        return "map[string]string{"
            + members.map { "\(quoted($0.key)):\(quoted($0.value.stringValue ?? plain($0.value)))" }
            .joined(separator: ", ") + "}"
    }

    /// Go's `%v` of a float64: shortest form, exponent past 1e21 (`1e+21`).
    public static func float(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
        let magnitude = abs(d)
        if magnitude != 0 && (magnitude >= 1e21 || magnitude < 1e-4) {
            let text = "\(d)"  // Swift: 1e+21, 1e-05
            guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
            let mantissa = text[..<e]
            var exponent = String(text[text.index(after: e)...])
            var sign = "+"
            if exponent.hasPrefix("-") || exponent.hasPrefix("+") { sign = String(exponent.removeFirst()) }
            if exponent.count < 2 { exponent = "0" + exponent }
            return "\(mantissa)e\(sign)\(exponent)"
        }
        if d == d.rounded(), let i = Int(exactly: d) { return String(i) }
        return "\(d)"
    }

    /// Go's `strconv.Quote`: `"..."` with `\"`, `\\`, `\n`, `\t`… and `\x00` for control bytes.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value >= 0x80 && scalar.value < 0xA0 {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ v: UInt32, width: Int) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
