/// The console's second row: "1 Nodes  2 Services  …" with the active tab highlighted.
public enum TabBar {
    public static func draw(titles: [String], active: Int, row: Int, width: Int, on screen: any Screen) {
        screen.fill(row: row, column: 0, count: width, character: " ", style: TextStyle(.tab))
        var x = 1
        for (i, title) in titles.enumerated() where x < width {
            let label = " \(i + 1) \(title) "
            let style = i == active ? TextStyle(.tabActive, bold: true) : TextStyle(.tab)
            x += screen.draw(label, row: row, column: x, width: width - x, style: style) + 1
        }
    }

    /// The tab drawn at `column` (a mouse click), if any.
    public static func tab(at column: Int, titles: [String]) -> Int? {
        var x = 1
        for (i, title) in titles.enumerated() {
            let width = DisplayWidth.of(" \(i + 1) \(title) ")
            if column >= x && column < x + width { return i }
            x += width + 1
        }
        return nil
    }
}
