/// The operator's and the template's way of writing a toleration:
/// `KEY[=VALUE][:EFFECT]`, the form `kubectl taint` takes for taints.
/// `Layer=GRNEDGE1:NoSchedule` tolerates exactly the seed's dedication taint
/// (Listing 31 plus the effect); `Layer=GRNEDGE1` tolerates it with every
/// effect; `gpu:NoSchedule` and `gpu` tolerate a key whatever its value
/// (operator Exists).
extension PlacementToleration {
    /// The three taint effects Kubernetes knows.
    public static let effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"]

    /// Reads `KEY[=VALUE][:EFFECT]`; throws one line naming the text and what is wrong.
    public init(parsing text: String) throws(PlacementError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var rest = Substring(trimmed)
        var effect = ""
        if let colon = rest.lastIndex(of: ":") {
            effect = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
            guard Self.effects.contains(effect) else {
                throw .badToleration(text, problem: "effect '\(effect)' must be NoSchedule, PreferNoSchedule or NoExecute")
            }
        }
        var key = String(rest)
        var value: String?
        if let eq = rest.firstIndex(of: "=") {
            key = String(rest[..<eq])
            value = String(rest[rest.index(after: eq)...])
        }
        if let problem = LabelSyntax.keyProblem(key) { throw .badToleration(text, problem: "key \(problem)") }
        if let value, let problem = LabelSyntax.valueProblem(value) { throw .badToleration(text, problem: "value \(problem)") }
        if let value {
            self.init(key: key, value: value, effect: effect)
        } else {
            self.init(key: key, exists: true, effect: effect)
        }
    }

    /// Reads a comma- or space-separated list (the console's Tolerate field); empty text is no toleration.
    public static func parseList(_ text: String) throws(PlacementError) -> [PlacementToleration] {
        var out: [PlacementToleration] = []
        for item in text.split(whereSeparator: { $0 == "," || $0 == " " }) where !item.isEmpty {
            let t = try PlacementToleration(parsing: String(item))
            if !out.contains(t) { out.append(t) }
        }
        return out
    }

    /// `KEY[=VALUE][:EFFECT]`, as it is parsed (a toleration with an empty key prints as `*`).
    public var text: String {
        var out = key.isEmpty ? "*" : key
        if !exists { out += "=\(value)" }
        if !effect.isEmpty { out += ":\(effect)" }
        return out
    }

    /// The flag an operator passes to tolerate exactly `taint`.
    public static func flag(for taint: Node.Taint) -> String {
        "--tolerate \(PlacementToleration.matching(taint).text)"
    }
}

/// Kubernetes label key and value syntax (taint keys and values follow it).
public enum LabelSyntax {
    /// Why `key` is not a qualified name (`[prefix/]name`), or nil.
    public static func keyProblem(_ key: String) -> String? {
        if key.isEmpty { return "is empty — write KEY[=VALUE][:EFFECT], e.g. Layer=GRNEDGE1:NoSchedule" }
        var name = Substring(key)
        if let slash = key.firstIndex(of: "/") {
            let prefix = key[..<slash]
            name = key[key.index(after: slash)...]
            let edgesOK = prefix.first?.isASCIIAlphanumeric == true && prefix.last?.isASCIIAlphanumeric == true
            if !edgesOK || prefix.utf8.count > 253 || !prefix.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "." }) {
                return "'\(key)' has a prefix that is not a DNS subdomain (lower-case letters, digits, '-' and '.')"
            }
        }
        if name.isEmpty || name.utf8.count > 63 || !isNameText(name) {
            return "'\(key)' is not a valid name (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)"
        }
        return nil
    }

    /// Why `value` is not a label value (empty is allowed), or nil.
    public static func valueProblem(_ value: String) -> String? {
        if value.isEmpty { return nil }
        if value.utf8.count > 63 || !isNameText(Substring(value)) {
            return "'\(value)' is not a valid label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)"
        }
        return nil
    }

    static func isNameText(_ s: Substring) -> Bool {
        guard let first = s.first, let last = s.last, first.isASCIIAlphanumeric, last.isASCIIAlphanumeric else { return false }
        return s.allSatisfy { $0.isASCIIAlphanumeric || $0 == "-" || $0 == "_" || $0 == "." }
    }
}

extension Character {
    fileprivate var isASCIIAlphanumeric: Bool { isASCII && (isLetter || isNumber) }
}
