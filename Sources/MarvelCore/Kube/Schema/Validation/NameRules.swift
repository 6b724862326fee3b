/// apimachinery's name and value checks (`k8s.io/apimachinery/pkg/util/validation`),
/// each returning the reasons a value fails, worded as the API server words them.
public enum NameRules {
    static let dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    static let dns1123SubdomainFormat = dns1123LabelFormat + "(\\." + dns1123LabelFormat + ")*"
    static let dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?"
    static let qualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    static let labelValueFormat = "(" + qualifiedNameFormat + ")?"

    /// `must be no more than N characters`.
    public static func maxLength(_ n: Int) -> String { "must be no more than \(n) characters" }

    /// A message with its examples and the regular expression, as `RegexError` builds it.
    static func regexError(_ message: String, _ format: String, _ examples: String...) -> String {
        guard !examples.isEmpty else { return message + " (regex used for validation is '" + format + "')" }
        return message + " (e.g. " + examples.map { "'\($0)', " }.joined(separator: "or ")
            + "regex used for validation is '" + format + "')"
    }

    private static func isLower(_ c: UInt8) -> Bool { c >= 0x61 && c <= 0x7A }
    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private static func isAlnum(_ c: UInt8) -> Bool { isLower(c) || isDigit(c) || (c >= 0x41 && c <= 0x5A) }

    static func matchesDNS1123Label(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard let first = b.first, let last = b.last else { return false }
        let inner = { (c: UInt8) in isLower(c) || isDigit(c) || c == 0x2D }
        return (isLower(first) || isDigit(first)) && (isLower(last) || isDigit(last)) && b.allSatisfy(inner)
    }

    static func matchesDNS1123Subdomain(_ s: String) -> Bool {
        s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { matchesDNS1123Label(String($0)) }
    }

    static func matchesQualifiedName(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard let first = b.first, let last = b.last, isAlnum(first), isAlnum(last) else { return false }
        return b.allSatisfy { isAlnum($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }
    }

    /// IsDNS1123Subdomain: lowercase alphanumerics, `-` and `.`, at most 253.
    public static func dns1123Subdomain(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 253 { errors.append(maxLength(253)) }
        if !matchesDNS1123Subdomain(value) {
            errors.append(
                regexError(
                    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                        + "and must start and end with an alphanumeric character", dns1123SubdomainFormat, "example.com"))
        }
        return errors
    }

    /// IsDNS1123Label: lowercase alphanumerics and `-`, at most 63.
    public static func dns1123Label(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 63 { errors.append(maxLength(63)) }
        if !matchesDNS1123Label(value) {
            if matchesDNS1123Subdomain(value) {
                errors.append("must not contain dots")
            } else {
                errors.append(
                    regexError(
                        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                            + "and must start and end with an alphanumeric character", dns1123LabelFormat, "my-name",
                        "123-abc"))
            }
        }
        return errors
    }

    /// IsDNS1035Label (Service names): starts with a letter.
    public static func dns1035Label(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 63 { errors.append(maxLength(63)) }
        if !(matchesDNS1123Label(value) && value.utf8.first.map(isLower) == true) {
            errors.append(
                regexError(
                    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
                        + "alphabetic character, and end with an alphanumeric character", dns1035LabelFormat, "my-name",
                    "abc-123"))
        }
        return errors
    }

    /// IsQualifiedName (label and annotation keys): `[prefix/]name`.
    public static func qualifiedName(_ value: String) -> [String] {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let nameMessage =
            "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
        var errors: [String] = []
        let name: String
        switch parts.count {
        case 1: name = parts[0]
        case 2:
            name = parts[1]
            if parts[0].isEmpty {
                errors.append("prefix part must be non-empty")
            } else {
                errors += dns1123Subdomain(parts[0]).map { "prefix part " + $0 }
            }
        default:
            return [
                "a qualified name " + regexError(nameMessage, qualifiedNameFormat, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ]
        }
        if name.isEmpty {
            errors.append("name part must be non-empty")
        } else if name.utf8.count > 63 {
            errors.append("name part " + maxLength(63))
        }
        if !matchesQualifiedName(name) {
            errors.append("name part " + regexError(nameMessage, qualifiedNameFormat, "MyName", "my.name", "123-abc"))
        }
        return errors
    }

    /// IsValidLabelValue: empty, or a qualified-name-like value of at most 63.
    public static func labelValue(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 63 { errors.append(maxLength(63)) }
        if !(value.isEmpty || matchesQualifiedName(value)) {
            errors.append(
                regexError(
                    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                        + "and must start and end with an alphanumeric character", labelValueFormat, "MyValue",
                    "my_value", "12345"))
        }
        return errors
    }

    /// IsEnvVarName.
    public static func envVarName(_ value: String) -> [String] {
        let b = Array(value.utf8)
        let ok =
            b.first.map { !isDigit($0) } == true
            && b.allSatisfy { isAlnum($0) || $0 == 0x2D || $0 == 0x2E || $0 == 0x5F }
        var errors: [String] = []
        if !ok {
            errors.append(
                regexError(
                    "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', "
                        + "and must not start with a digit", "[-._a-zA-Z][-._a-zA-Z0-9]*", "my.env-name", "MY_ENV.NAME",
                    "MyEnvName1"))
        }
        switch value {
        case ".": errors.append("must not be '.'")
        case "..": errors.append("must not be '..'")
        default: if value.hasPrefix("..") { errors.append("must not start with '..'") }
        }
        return errors
    }

    /// IsConfigMapKey (ConfigMap and Secret keys).
    public static func configMapKey(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 253 { errors.append(maxLength(253)) }
        let ok = !value.isEmpty && value.utf8.allSatisfy { isAlnum($0) || $0 == 0x2D || $0 == 0x2E || $0 == 0x5F }
        if !ok {
            errors.append(
                regexError(
                    "a valid config key must consist of alphanumeric characters, '-', '_' or '.'", "[-._a-zA-Z0-9]+",
                    "key.name", "KEY_NAME", "key-name"))
        }
        switch value {
        case ".": errors.append("must not be '.'")
        case "..": errors.append("must not be '..'")
        default: if value.hasPrefix("..") { errors.append("must not start with '..'") }
        }
        return errors
    }

    /// IsValidPortNum: 1–65535.
    public static func portNumber(_ port: Int) -> [String] {
        (1...65535).contains(port) ? [] : ["must be between 1 and 65535, inclusive"]
    }

    /// IsValidPortName (IANA_SVC_NAME).
    public static func portName(_ value: String) -> [String] {
        var errors: [String] = []
        let b = Array(value.utf8)
        if b.count > 15 { errors.append(maxLength(15)) }
        if b.isEmpty || !b.allSatisfy({ isLower($0) || isDigit($0) || $0 == 0x2D }) {
            errors.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
        }
        if !b.contains(where: isLower) { errors.append("must contain at least one letter (a-z)") }
        if value.contains("--") { errors.append("must not contain consecutive hyphens") }
        if b.first == 0x2D || b.last == 0x2D { errors.append("must not begin or end with a hyphen") }
        return errors
    }
}
