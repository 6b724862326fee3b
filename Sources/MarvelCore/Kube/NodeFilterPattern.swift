import Foundation

/// What a Nodes filter matches: a case-insensitive substring, or with the
/// `re:` prefix a regular expression (any case) searched in each field (name,
/// site, arch, status, layer, taints, labels as key=value).
public enum NodeFilterPattern {
    /// The prefix that makes a filter a regular expression.
    public static let regexPrefix = "re:"

    case everything
    case substring(String)
    case regex(Regex<AnyRegexOutput>)
    /// A `re:` pattern that does not compile: nothing matches, and `problem` says why.
    case invalid(String)

    /// The pattern of a filter as typed.
    public init(_ filter: String) {
        let trimmed = filter.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix(Self.regexPrefix) else {
            self = trimmed.isEmpty ? .everything : .substring(trimmed.lowercased())
            return
        }
        let source = String(trimmed.dropFirst(Self.regexPrefix.count))
        if source.isEmpty {
            self = .everything
            return
        }
        do {
            self = .regex(try Regex(source).ignoresCase())
        } catch {
            self = .invalid("invalid regular expression '\(source)': \(error)")
        }
    }

    /// Why the filter cannot be used, or nil.
    public var problem: String? {
        if case .invalid(let why) = self { return why }
        return nil
    }

    /// Whether one of `fields` matches.
    func matches(fields: [String]) -> Bool {
        switch self {
        case .everything: return true
        case .substring(let needle): return fields.contains { $0.lowercased().contains(needle) }
        case .regex(let regex): return fields.contains { (try? regex.firstMatch(in: $0)) != nil }
        case .invalid: return false
        }
    }
}

extension NodeInventory {
    /// Why `filter` cannot be used (a `re:` pattern that does not compile), or nil.
    public static func filterProblem(_ filter: String) -> String? { NodeFilterPattern(filter).problem }
}
