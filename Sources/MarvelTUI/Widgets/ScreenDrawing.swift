/// Text drawing on any screen: clipping, padding, alignment and the ASCII fallback.
extension Screen {
    /// Draws `text` in the `width` columns starting at (row, column): clipped
    /// with an ellipsis, padded to the full width when `pad` is set (so a
    /// styled background covers the area), converted to ASCII on terminals
    /// without UTF-8. Returns the number of columns written.
    @discardableResult
    public func draw(_ text: String, row: Int, column: Int, width: Int, style: TextStyle = .normal,
                     alignment: TextAlignment = .left, pad: Bool = false, ellipsis: Bool = true) -> Int {
        guard width > 0, row >= 0, row < rows, column < columns else { return 0 }
        let safe = unicode ? text : ASCIIFallback.convert(text)
        let shown = pad || alignment != .left
            ? TextFit.fit(safe, to: width, alignment: alignment, ellipsis: ellipsis, unicode: unicode)
            : TextFit.clip(safe, to: width, ellipsis: ellipsis, unicode: unicode)
        put(shown, row: row, column: column, style: style)
        return DisplayWidth.of(shown)
    }

    /// Draws one line of text into a one-row rectangle.
    @discardableResult
    public func draw(_ text: String, in rect: Rect, style: TextStyle = .normal,
                     alignment: TextAlignment = .left, pad: Bool = false) -> Int {
        guard rect.height > 0 else { return 0 }
        return draw(text, row: rect.row, column: rect.column, width: rect.width, style: style,
                    alignment: alignment, pad: pad)
    }

    /// Draws styled spans one after another from (row, column) within `width` columns.
    @discardableResult
    public func draw(_ line: StyledLine, row: Int, column: Int, width: Int) -> Int {
        var used = 0
        for span in line.spans where used < width {
            used += draw(span.text, row: row, column: column + used, width: width - used, style: span.style)
        }
        return used
    }

    /// Fills a rectangle with spaces in `style`.
    public func blank(_ rect: Rect, style: TextStyle = .normal) {
        guard rect.width > 0 else { return }
        for r in rect.row..<rect.bottom where r >= 0 && r < rows {
            fill(row: r, column: rect.column, count: rect.width, character: " ", style: style)
        }
    }
}
