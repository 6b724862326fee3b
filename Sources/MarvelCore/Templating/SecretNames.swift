import Foundation

/// Which template variables hold secrets, and which secret values are
/// placeholders nobody should deploy.
///
/// A variable is secret when it says `secret: true`, or, without a `secret`
/// key, when one of the word parts of its name is PASSWORD, PASSWD, SECRET,
/// TOKEN, KEY, CREDENTIAL or CREDENTIALS (case-insensitive). Word parts are
/// separated by `_`, `-`, `.` or a lower-to-upper case change: `N2N_KEY`,
/// `ADMIN_PASSWORD`, `apiToken` are secret; `KEYCLOAK_URL`, `MONKEY` are not.
/// `secret: false` turns the inference off for one variable.
public enum SecretNames {
    /// The word parts that make a variable name secret.
    public static let words: Set<String> = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "CREDENTIALS"]

    /// Values of a secret variable that are obviously not secret (compared lower-cased, trimmed).
    public static let placeholders: Set<String> = ["", "change-me", "change-me-now", "changeme", "password", "secret"]

    /// Whether `name` reads as the name of a secret (see the type's rule).
    public static func looksSecret(_ name: String) -> Bool {
        wordParts(of: name).contains { words.contains($0.uppercased()) }
    }

    /// `name` split at `_`, `-`, `.`, spaces and lower-to-upper case changes.
    static func wordParts(of name: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var previousIsLower = false
        for c in name {
            if c == "_" || c == "-" || c == "." || c == " " || c == "/" {
                if !current.isEmpty { parts.append(current) }
                current = ""
                previousIsLower = false
                continue
            }
            if c.isUppercase && previousIsLower {
                parts.append(current)
                current = ""
            }
            current.append(c)
            previousIsLower = c.isLowercase || c.isNumber
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }

    /// Whether `value` is a known placeholder (or empty) rather than a real secret.
    public static func isPlaceholder(_ value: String) -> Bool {
        placeholders.contains(value.trimmingCharacters(in: .whitespaces).lowercased())
    }
}

extension TemplateVariable {
    /// Whether the variable's value is a secret: `secret:` when declared, else the name rule of `SecretNames`.
    public var isSecret: Bool { secret ?? SecretNames.looksSecret(name) }

    /// A warning when `value` of a secret variable is empty or a placeholder (nil otherwise).
    /// The value itself is never part of the text.
    public func placeholderWarning(for value: String) -> String? {
        guard isSecret, SecretNames.isPlaceholder(value) else { return nil }
        let what = value.trimmingCharacters(in: .whitespaces).isEmpty ? "is empty" : "is still a placeholder value"
        return "\(name) \(what): set a real secret before anyone can reach the service"
    }
}

extension Template {
    /// The names of the variables whose values are secrets.
    public var secretVariableNames: Set<String> { Set(variables.filter(\.isSecret).map(\.name)) }

    /// One warning per secret variable whose value in `values` (else its default) is empty or a placeholder.
    public func placeholderWarnings(values: [String: String]) -> [String] {
        variables.filter { !$0.isAutomatic }.compactMap { $0.placeholderWarning(for: values[$0.name] ?? $0.defaultText) }
    }
}
