/// Draws a few lines of text centred in an area, each in its own style:
/// used for "connecting…", errors with no data yet, and empty states.
public enum CenteredMessage {
    public static func draw(_ lines: [StyledSpan], in rect: Rect, on screen: any Screen) {
        screen.blank(rect)
        let area = rect.centered(width: rect.width, height: lines.count)
        for (i, span) in lines.enumerated() where i < area.height {
            screen.draw(span.text, in: area.line(i), style: span.style, alignment: .center)
        }
    }
}
