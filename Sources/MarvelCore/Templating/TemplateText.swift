/// A scalar's text cut into literal runs and `$` references, following
/// Python's string.Template (which Karvdash uses): `$$` is a literal `$`,
/// `$name` and `${name}` are references (ASCII letters, digits, `_`; not
/// starting with a digit), and any other `$` (shell forms such as
/// `${HOSTNAME##*-}` or `$((1+2))`) is plain text.
struct TemplateText: Equatable {
    /// One run of a scalar's text.
    enum Piece: Equatable {
        case literal(String)
        /// `$$`, written as a single `$`.
        case escapedDollar
        /// `$name` or `${name}`; `original` is the text as written.
        case reference(name: String, original: String)
    }

    var pieces: [Piece]

    init(_ text: String) {
        pieces = Self.scan(text)
    }

    /// Names referenced, in order (duplicates kept).
    var referencedNames: [String] {
        pieces.compactMap { if case .reference(let name, _) = $0 { return name } else { return nil } }
    }

    /// The single reference when the text is exactly one reference.
    var soleReference: String? {
        guard pieces.count == 1, case .reference(let name, _) = pieces[0] else { return nil }
        return name
    }

    /// The text with references found by `lookup` replaced and `$$` written as `$`;
    /// nil when nothing would change.
    func substituted(_ lookup: (String) -> String?) -> String? {
        var changed = false
        var out = ""
        for piece in pieces {
            switch piece {
            case .literal(let s):
                out += s
            case .escapedDollar:
                out += "$"
                changed = true
            case .reference(let name, let original):
                if let value = lookup(name) {
                    out += value
                    changed = true
                } else {
                    out += original
                }
            }
        }
        return changed ? out : nil
    }

    /// Whether `$name` / `${name}` can refer to `name`: an identifier as string.Template reads it.
    static func isReferenceName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, isIdentifierStart(first) else { return false }
        return name.unicodeScalars.allSatisfy(isIdentifierBody)
    }

    /// `name` made referenceable: other characters become `_`, a leading digit gets a `_` before it.
    static func referenceNameSuggestion(for name: String) -> String {
        var out = String(String.UnicodeScalarView(name.unicodeScalars.map { isIdentifierBody($0) ? $0 : "_" }))
        if let first = out.unicodeScalars.first, !isIdentifierStart(first) { out = "_" + out }
        return out.isEmpty ? "_" : out
    }

    private static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
    }

    private static func isIdentifierBody(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || ("0"..."9").contains(c)
    }

    private static func scan(_ text: String) -> [Piece] {
        let scalars = Array(text.unicodeScalars)
        var pieces: [Piece] = []
        var literal = String.UnicodeScalarView()
        func flush() {
            if !literal.isEmpty { pieces.append(.literal(String(literal))) }
            literal = String.UnicodeScalarView()
        }
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            guard c == "$", i + 1 < scalars.count else {
                literal.append(c)
                i += 1
                continue
            }
            let next = scalars[i + 1]
            if next == "$" {
                flush()
                pieces.append(.escapedDollar)
                i += 2
            } else if isIdentifierStart(next) {
                var j = i + 2
                while j < scalars.count, isIdentifierBody(scalars[j]) { j += 1 }
                flush()
                let name = String(String.UnicodeScalarView(scalars[(i + 1)..<j]))
                pieces.append(.reference(name: name, original: "$" + name))
                i = j
            } else if next == "{", i + 2 < scalars.count, isIdentifierStart(scalars[i + 2]) {
                var j = i + 3
                while j < scalars.count, isIdentifierBody(scalars[j]) { j += 1 }
                if j < scalars.count, scalars[j] == "}" {
                    flush()
                    let name = String(String.UnicodeScalarView(scalars[(i + 2)..<j]))
                    pieces.append(.reference(name: name, original: "${" + name + "}"))
                    i = j + 1
                } else {
                    literal.append(c)
                    i += 1
                }
            } else {
                literal.append(c)
                i += 1
            }
        }
        flush()
        return pieces
    }
}
