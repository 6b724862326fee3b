import Foundation
import MarvelCore
import Testing

/// MD5 against RFC 1321's test suite and the apr1 hash against values `openssl passwd -apr1`
/// printed, and against openssl and htpasswd themselves when they are installed (make test installs both).
@Suite struct BasicAuthHashTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        ("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a"),
    ])
    func md5MatchesRFC1321(input: String, digest: String) {
        #expect(Self.hex(MD5.digest(Array(input.utf8))) == digest)
    }

    @Test func md5FedInPiecesEqualsMd5AtOnce() {
        let text = Array(String(repeating: "0123456789abcdef", count: 9).utf8)
        var md5 = MD5()
        md5.update(text.prefix(5))
        md5.update(text.dropFirst(5).prefix(70))
        md5.update(text.dropFirst(75))
        #expect(md5.finish() == MD5.digest(text))
    }

    @Test(arguments: [
        ("correct horse", "saltsalt", "$apr1$saltsalt$EGVZDNN6gOqijy.tv9axG/"),
        ("p", "X", "$apr1$X$OL9DceYXaTxjtIMICx2kI1"),
        ("", "abcdefgh", "$apr1$abcdefgh$L.PT565ESX4Tp2bqNs7Ie."),
        ("a-much-longer-password-over-sixteen-bytes", "12345678", "$apr1$12345678$rk9nUcOwC/MuUTv4Zi6Co/"),
    ])
    func apr1MatchesOpensslVectors(password: String, salt: String, expected: String) {
        #expect(APR1Hash.hash(password: password, salt: salt) == expected)
        #expect(APR1Hash.verify(password: password, against: expected))
        #expect(!APR1Hash.verify(password: password + "x", against: expected))
    }

    @Test func aLineHtpasswdMadeVerifies() throws {
        // htpasswd -nbm u pw, run once: its salt was random.
        #expect(APR1Hash.verify(password: "pw", against: "$apr1$XqihPbSr$bSfZbRk8sq38uXoCI42Yg1"))
        #expect(!APR1Hash.verify(password: "pW", against: "$apr1$XqihPbSr$bSfZbRk8sq38uXoCI42Yg1"))
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> String? {
        guard FileManager.default.isExecutableFile(atPath: tool) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func agreesWithOpensslAndHtpasswdOnRandomPasswords() throws {
        for _ in 0..<3 {
            let password = IngressBasicAuth.generatePassword()
            let salt = APR1Hash.randomSalt()
            let ours = APR1Hash.hash(password: password, salt: salt)
            if let openssl = try Self.run("/usr/bin/openssl", ["passwd", "-apr1", "-salt", salt, password]) {
                #expect(openssl == ours)
            }
            if let line = try Self.run("/usr/bin/htpasswd", ["-nbm", "user", password]) {
                let hash = String(line.dropFirst("user:".count))
                #expect(APR1Hash.verify(password: password, against: hash), "\(line)")
            }
        }
    }

    @Test func generatedPasswordsAreLongAndDiffer() {
        let a = IngressBasicAuth.generatePassword()
        let b = IngressBasicAuth.generatePassword()
        #expect(a.count == 20 && b.count == 20 && a != b)
        #expect(a.allSatisfy { $0.isLetter || $0.isNumber })
        #expect(APR1Hash.randomSalt().count == 8)
    }
}
