import Foundation

/// Reads `--budget` sizes the way `marvdash dynhp train` does: a number and an optional
/// unit, B, KB/MB/GB/TB (powers of 1000) or K/M/G/T and KiB/MiB/GiB/TiB (powers of 1024).
enum SimByteSize {
    static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let number = trimmed.prefix { $0.isNumber || $0 == "." }
        guard let value = Double(number), value >= 0 else { return nil }
        let unit = trimmed.dropFirst(number.count).trimmingCharacters(in: .whitespaces).lowercased()
        let kilo = 1000.0, kibi = 1024.0
        let factors: [String: Double] = [
            "": 1, "b": 1,
            "kb": kilo, "mb": kilo * kilo, "gb": kilo * kilo * kilo, "tb": kilo * kilo * kilo * kilo,
            "k": kibi, "m": kibi * kibi, "g": kibi * kibi * kibi, "t": kibi * kibi * kibi * kibi,
            "kib": kibi, "mib": kibi * kibi, "gib": kibi * kibi * kibi, "tib": kibi * kibi * kibi * kibi,
        ]
        guard let factor = factors[unit], value * factor < 9e18 else { return nil }
        return Int(value * factor)
    }
}
