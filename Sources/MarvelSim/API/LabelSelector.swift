import MarvelCore

/// A parsed label selector (`a=b,c!=d,e in (x,y),f notin (z),g,!h,n>3`)
/// with the API server's matching rules: `!=` and `notin` also match
/// objects without the key.
struct LabelSelector: Sendable, Equatable {
    /// One comma-separated term.
    enum Requirement: Sendable, Equatable {
        case equals(String, String)
        case notEquals(String, String)
        case inSet(String, [String])
        case notInSet(String, [String])
        case exists(String)
        case doesNotExist(String)
        case greaterThan(String, Int)
        case lessThan(String, Int)
    }

    var requirements: [Requirement]

    init(requirements: [Requirement]) { self.requirements = requirements }

    var isEmpty: Bool { requirements.isEmpty }

    /// Parses the `labelSelector` query parameter.
    init(parsing text: String) throws(APIStatus) {
        var parser = SelectorParser(text)
        requirements = try parser.parseAll()
    }

    func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { r in
            switch r {
            case .equals(let k, let v): return labels[k] == v
            case .notEquals(let k, let v): return labels[k] != v
            case .inSet(let k, let vs): return labels[k].map(vs.contains) ?? false
            case .notInSet(let k, let vs): return !(labels[k].map(vs.contains) ?? false)
            case .exists(let k): return labels[k] != nil
            case .doesNotExist(let k): return labels[k] == nil
            case .greaterThan(let k, let n): return labels[k].flatMap { Int($0) }.map { $0 > n } ?? false
            case .lessThan(let k, let n): return labels[k].flatMap { Int($0) }.map { $0 < n } ?? false
            }
        }
    }

    /// Matches an object by its `metadata.labels`.
    func matches(object: JSONValue) -> Bool {
        if isEmpty { return true }
        var labels: [String: String] = [:]
        for m in object.at("metadata", "labels")?.objectValue ?? JSONObject() {
            if let s = m.value.stringValue { labels[m.key] = s }
        }
        return matches(labels)
    }
}

/// A hand-written recursive-descent parser for label selectors.
private struct SelectorParser {
    enum Token: Equatable {
        case word(String)
        case comma, open, close, eq, eqeq, neq, bang, gt, lt, end
    }

    let text: String
    private var tokens: [Token] = []
    private var pos = 0

    init(_ text: String) {
        self.text = text
        tokens = SelectorParser.lex(text)
    }

    private static func lex(_ s: String) -> [Token] {
        var out: [Token] = []
        let chars = Array(s)
        var i = 0
        var word = ""
        func flush() {
            if !word.isEmpty {
                out.append(.word(word))
                word = ""
            }
        }
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case " ", "\t": flush()
            case ",":
                flush()
                out.append(.comma)
            case "(":
                flush()
                out.append(.open)
            case ")":
                flush()
                out.append(.close)
            case ">":
                flush()
                out.append(.gt)
            case "<":
                flush()
                out.append(.lt)
            case "=":
                flush()
                if next == "=" {
                    out.append(.eqeq)
                    i += 1
                } else {
                    out.append(.eq)
                }
            case "!":
                flush()
                if next == "=" {
                    out.append(.neq)
                    i += 1
                } else {
                    out.append(.bang)
                }
            default: word.append(c)
            }
            i += 1
        }
        flush()
        out.append(.end)
        return out
    }

    private var current: Token { tokens[pos] }

    private func fail(_ why: String) -> APIStatus {
        .badRequest("unable to parse requirement: labelSelector \"\(text)\": \(why)")
    }

    mutating func parseAll() throws(APIStatus) -> [LabelSelector.Requirement] {
        var out: [LabelSelector.Requirement] = []
        if current == .end { return out }
        while true {
            out.append(try requirement())
            switch current {
            case .end: return out
            case .comma: pos += 1
            default: throw fail("expected ',' or the end after a requirement")
            }
        }
    }

    private mutating func key() throws(APIStatus) -> String {
        guard case .word(let k) = current else { throw fail("expected a label key") }
        guard SelectorParser.validKey(k) else { throw fail("invalid label key \"\(k)\"") }
        pos += 1
        return k
    }

    private mutating func requirement() throws(APIStatus) -> LabelSelector.Requirement {
        if current == .bang {
            pos += 1
            return .doesNotExist(try key())
        }
        let k = try key()
        switch current {
        case .comma, .end: return .exists(k)
        case .eq, .eqeq:
            pos += 1
            return .equals(k, try value())
        case .neq:
            pos += 1
            return .notEquals(k, try value())
        case .gt, .lt:
            let greater = current == .gt
            pos += 1
            guard case .word(let w) = current, let n = Int(w) else {
                throw fail("expected an integer after '\(greater ? ">" : "<")'")
            }
            pos += 1
            return greater ? .greaterThan(k, n) : .lessThan(k, n)
        case .word("in"), .word("notin"):
            let negate = current == .word("notin")
            pos += 1
            let values = try valueSet()
            return negate ? .notInSet(k, values) : .inSet(k, values)
        default:
            throw fail("expected one of =, ==, !=, in, notin, >, < after \"\(k)\"")
        }
    }

    /// A value; empty when the requirement ends right after the operator (`key=`).
    private mutating func value() throws(APIStatus) -> String {
        switch current {
        case .comma, .end: return ""
        case .word(let v):
            guard SelectorParser.validValue(v) else { throw fail("invalid label value \"\(v)\"") }
            pos += 1
            return v
        default: throw fail("expected a label value")
        }
    }

    private mutating func valueSet() throws(APIStatus) -> [String] {
        guard current == .open else { throw fail("expected '(' after in/notin") }
        pos += 1
        var values: [String] = []
        while true {
            switch current {
            case .close:
                pos += 1
                return values
            case .word(let v):
                guard SelectorParser.validValue(v) else { throw fail("invalid label value \"\(v)\"") }
                values.append(v)
                pos += 1
                if current == .comma {
                    pos += 1
                } else if current != .close {
                    throw fail("expected ',' or ')' in a value set")
                }
            default:
                throw fail("unterminated value set: expected ')'")
            }
        }
    }

    private static func validKey(_ k: String) -> Bool {
        !k.isEmpty && k.count <= 317
            && k.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }
    }

    private static func validValue(_ v: String) -> Bool {
        v.count <= 63 && v.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }
}
