/// Clipping and padding of text to a number of terminal columns, measured
/// with `DisplayWidth` (wide characters count two columns).
public enum TextFit {
    /// `text` cut to at most `width` columns. When it has to be cut and
    /// `ellipsis` is set, the last column shows an ellipsis ("…", or "~" in
    /// ASCII mode) so the reader knows something is missing.
    public static func clip(_ text: String, to width: Int, ellipsis: Bool = true, unicode: Bool = true) -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(text) <= width { return text }
        let budget = ellipsis ? width - 1 : width
        var out = ""
        var used = 0
        for c in text {
            let w = DisplayWidth.of(c)
            if used + w > budget { break }
            out.append(c)
            used += w
        }
        if ellipsis { out.append(unicode ? "…" : "~") }
        return out
    }

    /// `text` clipped to `width` columns and padded with spaces to exactly `width`.
    public static func fit(_ text: String, to width: Int, alignment: TextAlignment = .left,
                           ellipsis: Bool = true, unicode: Bool = true) -> String {
        guard width > 0 else { return "" }
        let clipped = clip(text, to: width, ellipsis: ellipsis, unicode: unicode)
        let pad = width - DisplayWidth.of(clipped)
        guard pad > 0 else { return clipped }
        switch alignment {
        case .left: return clipped + String(repeating: " ", count: pad)
        case .right: return String(repeating: " ", count: pad) + clipped
        case .center:
            let left = pad / 2
            return String(repeating: " ", count: left) + clipped + String(repeating: " ", count: pad - left)
        }
    }
}

/// Horizontal alignment of text inside a column or area.
public enum TextAlignment: Sendable, Hashable {
    case left, right, center
}
