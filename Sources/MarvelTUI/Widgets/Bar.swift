/// A horizontal percentage bar. In UTF-8 it is drawn with full blocks and
/// eighth blocks (█ ▏▎▍▌▋▊▉) so it moves in 1/8 cell steps; in ASCII with
/// `#` for filled and `.` for empty cells. The fill colour follows the level:
/// ok below 70 %, warn below 90 %, error from 90 %.
public enum Bar {
    static let eighths: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// The style role for a percentage.
    public static func role(forPercent percent: Double) -> StyleRole {
        if percent >= 90 { return .statusError }
        if percent >= 70 { return .statusWarn }
        return .statusOK
    }

    /// The filled part and the empty part of a bar `width` cells wide.
    /// The two strings together are exactly `width` columns.
    public static func cells(percent: Double, width: Int, unicode: Bool) -> (filled: String, empty: String) {
        guard width > 0 else { return ("", "") }
        let p = percent.isFinite ? min(max(percent, 0), 100) : 0
        if unicode {
            let totalEighths = Int((p / 100 * Double(width * 8)).rounded())
            let full = totalEighths / 8
            let rest = totalEighths % 8
            var filled = String(repeating: "█", count: full)
            if rest > 0 { filled.append(eighths[rest]) }
            let used = full + (rest > 0 ? 1 : 0)
            return (filled, String(repeating: " ", count: width - used))
        }
        let hashes = Int((p / 100 * Double(width)).rounded())
        return (String(repeating: "#", count: hashes), String(repeating: ".", count: width - hashes))
    }

    /// Draws the bar at (row, column), `width` cells wide.
    public static func draw(percent: Double, row: Int, column: Int, width: Int, on screen: any Screen) {
        let (filled, empty) = cells(percent: percent, width: width, unicode: screen.unicode)
        let fillWidth = DisplayWidth.of(filled)
        if fillWidth > 0 {
            screen.put(filled, row: row, column: column, style: TextStyle(role(forPercent: percent)))
        }
        if !empty.isEmpty {
            screen.put(empty, row: row, column: column + fillWidth, style: TextStyle(.barEmpty))
        }
    }

    /// A label like " 42%" (four columns for 0–999 %).
    public static func label(percent: Double) -> String {
        let p = percent.isFinite ? max(percent, 0) : 0
        let text = "\(Int(p.rounded()))%"
        return String(repeating: " ", count: max(0, 4 - text.count)) + text
    }
}
