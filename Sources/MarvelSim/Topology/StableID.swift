/// Identifiers derived from a seed string, so a topology produces the same
/// machine IDs, image digests and container IDs on every run.
enum StableID {
    /// `count` lower-case hex digits.
    static func hex(_ seed: String, count: Int) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in seed.utf8 {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01b3
        }
        let digits = Array("0123456789abcdef")
        var out: [Character] = []
        out.reserveCapacity(count)
        while out.count < count {
            h &+= 0x9e37_79b9_7f4a_7c15
            var z = h
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            z ^= z >> 31
            for _ in 0..<16 where out.count < count {
                out.append(digits[Int(z & 0xf)])
                z >>= 4
            }
        }
        return String(out)
    }

    /// A UUID-shaped (8-4-4-4-12) identifier.
    static func uuid(_ seed: String) -> String {
        let h = Array(hex(seed, count: 32))
        return String(h[0..<8]) + "-" + String(h[8..<12]) + "-4" + String(h[13..<16]) + "-a" + String(h[17..<20]) + "-"
            + String(h[20..<32])
    }

    /// The content digest of an image for one architecture (`sha256:…`).
    static func imageDigest(_ image: String, arch: String) -> String {
        "sha256:" + hex(image + "@" + arch, count: 64)
    }

    /// A number in `range` derived from `seed`.
    static func number(_ seed: String, in range: ClosedRange<Int>) -> Int {
        let v = Int(UInt64(hex(seed, count: 12), radix: 16) ?? 0)
        return range.lowerBound + v % (range.upperBound - range.lowerBound + 1)
    }
}
