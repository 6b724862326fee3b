/// What `/` looks for in the logs view: text in any case, or with the `re:`
/// prefix a regular expression (any case).
public struct LogSearch: Sendable {
    /// The pattern as typed.
    public let text: String
    private let needle: String
    private let isRegex: Bool

    /// nil with why when `text` is a `re:` pattern that does not compile (or is empty).
    public static func make(_ text: String) -> (search: LogSearch?, problem: String?) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return (nil, nil) }
        if trimmed.lowercased().hasPrefix("re:") {
            let source = String(trimmed.dropFirst(3))
            guard !source.isEmpty else { return (nil, "re: needs a pattern after it") }
            do {
                _ = try Regex(source)
            } catch {
                return (nil, "invalid regular expression '\(source)': \(error)")
            }
            return (LogSearch(text: trimmed, needle: source, isRegex: true), nil)
        }
        return (LogSearch(text: trimmed, needle: trimmed.lowercased(), isRegex: false), nil)
    }

    /// A function giving where the pattern matches in a line, as character offsets
    /// (the regular expression is compiled once, for one pass over the lines).
    public func matcher() -> (String) -> [Range<Int>] {
        if isRegex {
            guard let regex = try? Regex(needle).ignoresCase() else { return { _ in [] } }
            return { line in
                line.matches(of: regex).filter { !$0.range.isEmpty }.map {
                    Self.offset(of: $0.range.lowerBound, in: line)..<Self.offset(of: $0.range.upperBound, in: line)
                }
            }
        }
        let needle = needle
        return { line in
            let lower = line.lowercased()
            // Lower-casing that changes the length (rare scripts) would shift offsets: match as typed.
            return Self.ranges(of: needle, in: lower.count == line.count ? lower : line)
        }
    }

    private static func ranges(of needle: String, in text: String) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var from = text.startIndex
        while let found = text.range(of: needle, range: from..<text.endIndex), !found.isEmpty {
            out.append(offset(of: found.lowerBound, in: text)..<offset(of: found.upperBound, in: text))
            from = found.upperBound
        }
        return out
    }

    private static func offset(of index: String.Index, in text: String) -> Int { text.distance(from: text.startIndex, to: index) }
}

extension StyledLine {
    /// The line with the characters in `ranges` (character offsets) drawn in `style`.
    func highlighting(_ ranges: [Range<Int>], style: TextStyle) -> StyledLine {
        guard !ranges.isEmpty else { return self }
        var out: [StyledSpan] = []
        var position = 0
        for span in spans {
            for character in span.text {
                let lit = ranges.contains { $0.contains(position) }
                let chosen = lit ? style : span.style
                if let last = out.indices.last, out[last].style == chosen {
                    out[last].text.append(character)
                } else {
                    out.append(StyledSpan(String(character), chosen))
                }
                position += 1
            }
        }
        return StyledLine(out)
    }
}
