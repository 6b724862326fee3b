/// The random-looking suffixes Kubernetes controllers append to generated
/// names (`coredns-7db6d8ff4d-x2kqz`), drawn from its alphabet without vowels.
enum NameSuffix {
    static let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    /// A fresh random suffix.
    static func random(length: Int = 5) -> String {
        var g = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(g.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// A suffix derived from `seed` alone, so a topology yields the same names every run.
    static func stable(_ seed: String, length: Int = 5) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for b in seed.utf8 {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01b3
        }
        var out: [Character] = []
        for _ in 0..<length {
            h ^= h >> 29
            h &*= 0xbf58_476d_1ce4_e5b9
            h ^= h >> 32
            out.append(alphabet[Int(h % UInt64(alphabet.count))])
        }
        return String(out)
    }

    /// A pod-template-hash-like hex string of `length` characters derived from `seed`.
    static func stableHex(_ seed: String, length: Int = 10) -> String {
        let digits = Array("0123456789bcdf")  // Kubernetes' safe-encoded hashes avoid vowels
        var h: UInt64 = 0x8422_2325_cbf2_9ce4
        for b in seed.utf8 {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01b3
        }
        var out: [Character] = []
        for _ in 0..<length {
            h ^= h >> 31
            h &*= 0x94d0_49bb_1331_11eb
            out.append(digits[Int(h % UInt64(digits.count))])
        }
        return String(out)
    }
}
