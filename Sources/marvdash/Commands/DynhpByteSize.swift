import Foundation

/// Parses byte sizes for `--budget`: a number with an optional unit: B, KB/MB/GB/TB (powers of
/// 1000), KiB/MiB/GiB/TiB or K/M/G/T (powers of 1024), case-insensitive; e.g. 2GiB, 512M, 1.5GB.
enum DynhpByteSize {
    static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isNumber || $0 == "." }
        guard !digits.isEmpty, let number = Double(digits), number >= 0 else { return nil }
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        let factors: [String: Double] = [
            "": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
            "k": 1024, "m": 1_048_576, "g": 1_073_741_824, "t": 1_099_511_627_776,
            "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824, "tib": 1_099_511_627_776,
        ]
        guard let factor = factors[unit] else { return nil }
        let bytes = number * factor
        guard bytes < 9e18 else { return nil }
        return Int(bytes)
    }

    /// A short human form: 2.00 GiB, 5.7 MiB, 12.0 KiB, 512 B.
    static func format(_ bytes: Int) -> String {
        let b = Double(bytes)
        if b >= 1_073_741_824 { return String(format: "%.2f GiB", b / Double(1 << 30)) }
        if b >= 1_048_576 { return String(format: "%.1f MiB", b / Double(1 << 20)) }
        if b >= 1024 { return String(format: "%.1f KiB", b / 1024) }
        return "\(bytes) B"
    }
}
