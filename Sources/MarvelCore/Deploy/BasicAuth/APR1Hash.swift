/// The Apache "apr1" password hash of htpasswd files and ingress-nginx basic
/// auth: Poul-Henning Kamp's MD5-crypt with the magic `$apr1$`, 1000 rounds
/// over password, salt and the previous digest, written in crypt's base 64.
public enum APR1Hash {
    /// crypt's base-64 alphabet, also the characters a salt is made of.
    static let alphabet = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    static let magic = "$apr1$"

    /// `$apr1$SALT$HASH` for `password` with `salt` (at most its first 8 characters count).
    public static func hash(password: String, salt: String) -> String {
        let pw = Array(password.utf8)
        let saltBytes = Array(salt.utf8.prefix(8))
        let magicBytes = Array(magic.utf8)

        let alternate = MD5.digest(pw + saltBytes + pw)
        var context = MD5()
        context.update(pw + magicBytes + saltBytes)
        var remaining = pw.count
        while remaining > 0 {
            context.update(alternate.prefix(min(16, remaining)))
            remaining -= 16
        }
        var bits = pw.count
        while bits > 0 {
            context.update(bits & 1 == 1 ? [0] : [pw.first ?? 0])
            bits >>= 1
        }
        var digest = context.finish()
        for round in 0..<1000 {
            var step = MD5()
            step.update(round & 1 == 1 ? pw : digest)
            if round % 3 != 0 { step.update(saltBytes) }
            if round % 7 != 0 { step.update(pw) }
            step.update(round & 1 == 1 ? digest : pw)
            digest = step.finish()
        }
        var out = Array(magicBytes) + saltBytes + Array("$".utf8)
        func encode(_ a: Int, _ b: Int, _ c: Int) {
            var value = UInt32(digest[a]) << 16 | UInt32(digest[b]) << 8 | UInt32(digest[c])
            for _ in 0..<4 {
                out.append(alphabet[Int(value & 0x3f)])
                value >>= 6
            }
        }
        encode(0, 6, 12)
        encode(1, 7, 13)
        encode(2, 8, 14)
        encode(3, 9, 15)
        encode(4, 10, 5)
        var last = UInt32(digest[11])
        for _ in 0..<2 {
            out.append(alphabet[Int(last & 0x3f)])
            last >>= 6
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `password` matches an `$apr1$SALT$HASH` string.
    public static func verify(password: String, against stored: String) -> Bool {
        guard stored.hasPrefix(magic) else { return false }
        let rest = stored.dropFirst(magic.count)
        guard let dollar = rest.firstIndex(of: "$") else { return false }
        return hash(password: password, salt: String(rest[..<dollar])) == stored
    }

    /// A random 8-character salt (SystemRandomNumberGenerator: the kernel's getrandom).
    public static func randomSalt() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(decoding: (0..<8).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] }, as: UTF8.self)
    }
}
