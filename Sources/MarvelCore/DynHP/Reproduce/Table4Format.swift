import Foundation

/// How Table 4's numbers are written: errors in percent, reductions with a minus sign,
/// sizes in decimal kB/MB/GB as the seed writes them.
public enum Table4Format {
    /// 0.0927 → "9.27%".
    public static func percent(_ fraction: Double) -> String { String(format: "%.2f%%", fraction * 100) }

    /// 0.0927 ± 0.0005 → "9.27 ± 0.05%" (the spread only when there are several runs).
    public static func percent(_ value: MeanSpread) -> String {
        guard value.count > 1 else { return percent(value.mean) }
        return String(format: "%.2f ± %.2f%%", value.mean * 100, value.spread * 100)
    }

    /// 0.77 → "−77%".
    public static func reduction(_ fraction: Double) -> String { String(format: "−%.0f%%", fraction * 100) }

    /// A reduction with its spread: "−85 ± 1%".
    public static func reduction(_ value: MeanSpread) -> String {
        guard value.count > 1 else { return reduction(value.mean) }
        return String(format: "−%.0f ± %.0f%%", value.mean * 100, value.spread * 100)
    }

    /// Decimal units: "918 KB", "1.07 MB", "297.7 GB".
    public static func bytes(_ value: Double) -> String {
        switch value {
        case 1e9...: return String(format: "%.1f GB", value / 1e9)
        case 1e6...: return String(format: "%.2f MB", value / 1e6)
        case 1e3...: return String(format: "%.0f KB", value / 1e3)
        default: return String(format: "%.0f B", value)
        }
    }
}
