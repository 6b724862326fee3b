/// One invalid field, worded as apimachinery's `field.Error`: the path, the
/// error type and, where the type shows it, the bad value and a detail
/// (`spec.replicas: Invalid value: -1: must be greater than or equal to 0`).
public struct FieldError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The machine-readable cause type (`StatusCause.reason`).
    public enum Kind: String, Sendable {
        case notFound = "FieldValueNotFound"
        case required = "FieldValueRequired"
        case duplicate = "FieldValueDuplicate"
        case invalid = "FieldValueInvalid"
        case notSupported = "FieldValueNotSupported"
        case forbidden = "FieldValueForbidden"
        case tooLong = "FieldValueTooLong"
        case tooMany = "FieldValueTooMany"
        case typeInvalid = "FieldValueTypeInvalid"

        /// The words the message starts with.
        public var words: String {
            switch self {
            case .notFound: return "Not found"
            case .required: return "Required value"
            case .duplicate: return "Duplicate value"
            case .invalid, .typeInvalid: return "Invalid value"
            case .notSupported: return "Unsupported value"
            case .forbidden: return "Forbidden"
            case .tooLong: return "Too long"
            case .tooMany: return "Too many"
            }
        }
    }

    public var kind: Kind
    public var field: String
    /// The bad value as Go prints it (`-1`, `"Web"`, `map[string]string{…}`); nil when not shown.
    public var badValue: String?
    public var detail: String

    public init(kind: Kind, field: FieldPath, badValue: String?, detail: String) {
        self.kind = kind
        self.field = field.description
        self.badValue = badValue
        self.detail = detail
    }

    /// The message without the field (`StatusCause.message`).
    public var body: String {
        var s = kind.words
        if let badValue { s += ": " + badValue }
        if !detail.isEmpty { s += ": " + detail }
        return s
    }

    public var description: String { "\(field): \(body)" }

    /// A value as the API server shows it: strings quoted, numbers and booleans bare, null as `null`.
    public static func show(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return GoValueText.quoted(s)
        case .null: return "null"
        case .object(let o) where o.allSatisfy({ $0.value.stringValue != nil }): return GoValueText.stringMap(o)
        default: return GoValueText.plain(value)
        }
    }

    public static func required(_ field: FieldPath, _ detail: String = "") -> FieldError {
        FieldError(kind: .required, field: field, badValue: nil, detail: detail)
    }

    public static func invalid(_ field: FieldPath, _ value: JSONValue, _ detail: String) -> FieldError {
        FieldError(kind: .invalid, field: field, badValue: show(value), detail: detail)
    }

    public static func duplicate(_ field: FieldPath, _ value: JSONValue) -> FieldError {
        FieldError(kind: .duplicate, field: field, badValue: show(value), detail: "")
    }

    public static func notSupported(_ field: FieldPath, _ value: JSONValue, _ supported: [String]) -> FieldError {
        let detail = supported.isEmpty ? "" : "supported values: " + supported.map(GoValueText.quoted).joined(separator: ", ")
        return FieldError(kind: .notSupported, field: field, badValue: show(value), detail: detail)
    }

    public static func forbidden(_ field: FieldPath, _ detail: String) -> FieldError {
        FieldError(kind: .forbidden, field: field, badValue: nil, detail: detail)
    }

    /// `Too long: must have at most N bytes` (the value is never shown).
    public static func tooLong(_ field: FieldPath, maxBytes: Int) -> FieldError {
        FieldError(kind: .tooLong, field: field, badValue: nil, detail: "must have at most \(maxBytes) bytes")
    }

    public static func notFound(_ field: FieldPath, _ value: JSONValue) -> FieldError {
        FieldError(kind: .notFound, field: field, badValue: show(value), detail: "")
    }

    /// Several errors in one line as apimachinery aggregates them: one as it
    /// is, more in `[a, b]`, repeated messages once.
    public static func aggregate(_ errors: [FieldError]) -> String {
        var seen = Set<String>()
        var texts: [String] = []
        for e in errors where seen.insert(e.description).inserted { texts.append(e.description) }
        if texts.count == 1 { return texts[0] }
        return "[" + texts.joined(separator: ", ") + "]"
    }
}
