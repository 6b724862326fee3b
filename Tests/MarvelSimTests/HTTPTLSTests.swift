import Foundation
import MarvelCore
import MarvelSim
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A child process with stdout and stderr sent to /dev/null (or stdout to a file), run with posix_spawn
/// so the test controls its end (openssl s_server ignores SIGTERM: it gets SIGKILL).
struct ChildProcess {
    let pid: pid_t

    /// Starts `path` with `arguments`; stdout goes to the file `output` when given.
    init(_ path: String, _ arguments: [String], output: String = "/dev/null") throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, path, &actions, nil, argv, environ)
        guard status == 0 else { throw TLSFixture.FixtureError(message: "cannot run \(path): error \(status)") }
        pid = child
    }

    /// Waits for the exit and returns its status code (-1 if killed by a signal).
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
    }

    func kill() {
        _ = Glibc.kill(pid, SIGKILL)
        _ = wait()
    }
}

/// Certificates made with the openssl CLI in a temporary folder, and
/// `openssl s_server -www` processes serving them on loopback.
final class TLSFixture {
    static let openssl = "/usr/bin/openssl"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: openssl) }

    let directory: URL
    private var servers: [ChildProcess] = []

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try makeCA("ca", subject: "/CN=marvdash test CA")
        try makeCA("otherca", subject: "/CN=unrelated CA")
        try makeLeaf("server", subject: "/CN=kube.test", ca: "ca",
                     extensions: "subjectAltName=IP:127.0.0.1,DNS:kube.test\nextendedKeyUsage=serverAuth\n")
        try makeLeaf("dnsonly", subject: "/CN=only-dns.test", ca: "ca",
                     extensions: "subjectAltName=DNS:only-dns.test\nextendedKeyUsage=serverAuth\n")
        try makeLeaf("client", subject: "/CN=marvdash-user/O=operators", ca: "ca",
                     extensions: "extendedKeyUsage=clientAuth\n")
    }

    deinit {
        for server in servers { server.kill() }
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func pem(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// Starts `s_server -www` with `cert` on a free loopback port and waits until it accepts.
    func serve(cert: String, requireClientCert: Bool = false) throws -> Int {
        let port = try closedPort()
        var arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", path("\(cert).pem"),
                         "-key", path("\(cert).key"), "-www", "-quiet"]
        if requireClientCert { arguments += ["-Verify", "1", "-CAfile", path("ca.pem")] }
        servers.append(try ChildProcess(Self.openssl, arguments))
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if let probe = RawConnection(port: port) {
                probe.close()
                return port
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw FixtureError(message: "openssl s_server did not start listening on port \(port)")
    }

    private func makeCA(_ name: String, subject: String) throws {
        try run(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                 "-keyout", path("\(name).key"), "-out", path("\(name).pem"), "-days", "2", "-subj", subject])
    }

    private func makeLeaf(_ name: String, subject: String, ca: String, extensions: String) throws {
        try Data(extensions.utf8).write(to: directory.appendingPathComponent("\(name).ext"))
        try run(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                 "-keyout", path("\(name).key"), "-out", path("\(name).csr"), "-subj", subject])
        try run(["x509", "-req", "-in", path("\(name).csr"), "-CA", path("\(ca).pem"), "-CAkey", path("\(ca).key"),
                 "-CAcreateserial", "-out", path("\(name).pem"), "-days", "2", "-extfile", path("\(name).ext")])
    }

    private func run(_ arguments: [String]) throws {
        guard try ChildProcess(Self.openssl, arguments).wait() == 0 else {
            throw FixtureError(message: "openssl \(arguments.prefix(2).joined(separator: " ")) failed")
        }
    }

    struct FixtureError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// TLS verification, insecure mode, server-name override and client certificates against openssl s_server.
@Suite(.enabled(if: TLSFixture.available, "needs /usr/bin/openssl"), .serialized)
struct HTTPTLSTests {
    let fixture: TLSFixture

    init() throws {
        fixture = try TLSFixture()
    }

    private func expectTLSError(_ client: HTTPClient, _ url: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: HTTPError.self, sourceLocation: sourceLocation) {
            try client.send(HTTPRequest(url: url))
        }
        guard case .tls(let failedURL, let detail)? = error else {
            Issue.record("expected .tls, got \(String(describing: error))", sourceLocation: sourceLocation)
            return
        }
        #expect(failedURL == url, sourceLocation: sourceLocation)
        #expect(!detail.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func verificationWithTheRightCAAndFailureWithAWrongOne() throws {
        let port = try fixture.serve(cert: "server")
        let url = "https://127.0.0.1:\(port)/"
        let trusted = HTTPClient(tls: TLSOptions(caPEM: try fixture.pem("ca.pem")))
        let response = try trusted.send(HTTPRequest(url: url))
        #expect(response.status == 200)
        #expect(response.bodyText.contains("s_server"))

        expectTLSError(HTTPClient(tls: TLSOptions(caPEM: try fixture.pem("otherca.pem"))), url)
        expectTLSError(HTTPClient(), url)

        let insecure = try HTTPClient(tls: TLSOptions(insecureSkipVerify: true)).send(HTTPRequest(url: url))
        #expect(insecure.status == 200)
    }

    @Test func serverNameOverrideVerifiesTheGivenName() throws {
        let port = try fixture.serve(cert: "dnsonly")
        let url = "https://127.0.0.1:\(port)/"
        let ca = try fixture.pem("ca.pem")
        expectTLSError(HTTPClient(tls: TLSOptions(caPEM: ca)), url)
        let named = HTTPClient(tls: TLSOptions(caPEM: ca, serverName: "only-dns.test"))
        #expect(try named.send(HTTPRequest(url: url)).status == 200)
        expectTLSError(HTTPClient(tls: TLSOptions(caPEM: ca, serverName: "wrong-name.test")), url)
    }

    @Test func clientCertificateAuthentication() throws {
        let port = try fixture.serve(cert: "server", requireClientCert: true)
        let url = "https://127.0.0.1:\(port)/"
        let ca = try fixture.pem("ca.pem")
        let withCert = HTTPClient(tls: TLSOptions(
            caPEM: ca, clientCertificatePEM: try fixture.pem("client.pem"), clientKeyPEM: try fixture.pem("client.key")))
        let response = try withCert.send(HTTPRequest(url: url))
        #expect(response.status == 200)
        #expect(response.bodyText.contains("marvdash-user"))

        expectTLSError(HTTPClient(tls: TLSOptions(caPEM: ca)), url)
    }
}
