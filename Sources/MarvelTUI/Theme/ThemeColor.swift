import Foundation

/// A colour as a theme names it: the terminal's default, one of the 16 named
/// ANSI colours (0...15), an index of the 256-colour palette, or an RGB value
/// (shown as the nearest of the 256 palette).
public enum ThemeColor: Sendable, Hashable {
    case `default`
    case named(Int)
    case index(Int)
    case rgb(Int, Int, Int)

    /// The 16 colour names, in palette order; index = ANSI colour number.
    public static let names: [String] = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow",
        "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    /// Parses `default`, a colour name (`bright-red`, `brightred`, `gray`/`grey`),
    /// `0..255` or `#rrggbb`. Returns nil for anything else.
    public static func parse(_ text: String) -> ThemeColor? {
        let word = text.trimmingCharacters(in: .whitespaces).lowercased()
        if word == "default" || word == "none" { return .default }
        if word == "gray" || word == "grey" { return .named(8) }
        let compact = word.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
        if let n = names.firstIndex(where: { $0.replacingOccurrences(of: "-", with: "") == compact }) {
            return .named(n)
        }
        if let n = Int(word), (0...255).contains(n) { return .index(n) }
        if word.hasPrefix("#"), word.count == 7 {
            let hex = word.dropFirst()
            guard hex.allSatisfy(\.isHexDigit), let v = Int(hex, radix: 16) else { return nil }
            return .rgb((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF)
        }
        return nil
    }

    /// The palette index used on a 256-colour terminal; -1 for the default colour.
    public var index256: Int {
        switch self {
        case .default: return -1
        case .named(let n): return min(max(n, 0), 15)
        case .index(let n): return min(max(n, 0), 255)
        case .rgb(let r, let g, let b): return ColorMapper.nearest256(r: r, g: g, b: b)
        }
    }
}

extension ThemeColor: CustomStringConvertible {
    /// The colour as a theme file would write it.
    public var description: String {
        switch self {
        case .default: return "default"
        case .named(let n): return (0..<16).contains(n) ? ThemeColor.names[n] : String(n)
        case .index(let n): return String(n)
        case .rgb(let r, let g, let b):
            let hex = String((r << 16) | (g << 8) | b, radix: 16)
            return "#" + String(repeating: "0", count: max(0, 6 - hex.count)) + hex
        }
    }
}
