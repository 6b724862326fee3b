import Foundation
import MarvelCore
#if canImport(Glibc)
import Glibc
#endif

/// A real registry server for tests: Debian's `docker-registry` (installed by
/// `make deps`) on a free loopback port, with its configuration and storage
/// in a temporary folder, deletes enabled unless asked otherwise, and
/// optionally htpasswd basic auth, TLS, or token auth. `stop()` (or deinit)
/// kills it and removes the folder.
public final class TestRegistry: @unchecked Sendable {
    public static let binary = "/usr/bin/docker-registry"
    public static var installed: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    /// How clients must authenticate.
    public enum Auth: Sendable {
        case none
        /// htpasswd basic auth with these users (bcrypt entries made by `htpasswd -B`).
        case basic(users: [String: String])
        /// The bearer-token flow: tokens from `realm`, signed by the key whose certificate is `certificateFile`.
        case token(realm: String, service: String, issuer: String, certificateFile: String)
    }

    /// Certificate and key for serving TLS.
    public struct TLS: Sendable {
        public var certificateFile: String
        public var keyFile: String
        public init(certificateFile: String, keyFile: String) {
            self.certificateFile = certificateFile
            self.keyFile = keyFile
        }
    }

    public let directory: String
    /// "http://127.0.0.1:PORT" or "https://…".
    public let url: String
    public let port: Int
    private let pid: pid_t
    private var stopped = false

    /// Starts the registry and waits (generous deadline) until it answers `/v2/`.
    public init(auth: Auth = .none, tls: TLS? = nil, deletes: Bool = true) throws {
        guard Self.installed else {
            throw FixtureError("\(Self.binary) is missing: run `make deps` (it installs Debian's docker-registry) to run the registry tests")
        }
        // Storage in memory when the machine has a tmpfs: the registry syncs every blob it stores.
        let base = FileManager.default.isWritableFile(atPath: "/dev/shm") ? URL(fileURLWithPath: "/dev/shm") : FileManager.default.temporaryDirectory
        let dir = base.appendingPathComponent("marvdash-registry-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        directory = dir
        var config = """
            version: 0.1
            log:
              level: info
              formatter: text
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: \(dir)/data
              delete:
                enabled: \(deletes)
            http:
              addr: 127.0.0.1:0
              secret: marvdash-test-secret

            """
        if let tls {
            config += "  tls:\n    certificate: \(tls.certificateFile)\n    key: \(tls.keyFile)\n"
        }
        switch auth {
        case .none: break
        case .basic(let users):
            var lines: [String] = []
            for (user, password) in users.sorted(by: { $0.key < $1.key }) {
                lines.append(try Self.bcryptEntry(user: user, password: password))
            }
            try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/htpasswd", atomically: true, encoding: .utf8)
            config += "auth:\n  htpasswd:\n    realm: marvdash-test\n    path: \(dir)/htpasswd\n"
        case .token(let realm, let service, let issuer, let certificate):
            config += "auth:\n  token:\n    realm: \(realm)\n    service: \(service)\n    issuer: \(issuer)\n    rootcertbundle: \(certificate)\n"
        }
        try config.write(toFile: dir + "/config.yml", atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        // Deletes as the issue asks (the file says so too; the variable wins over it).
        environment["REGISTRY_STORAGE_DELETE_ENABLED"] = deletes ? "true" : "false"
        pid = try FixtureProcess.spawn(Self.binary, ["serve", dir + "/config.yml"], environment: environment, stdout: dir + "/log", stderr: dir + "/log")
        var found: Int?
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, found == nil {
            if let text = try? String(contentsOfFile: dir + "/log", encoding: .utf8), let p = Self.listeningPort(text) { found = p; break }
            if FixtureProcess.exited(pid) { break }
            usleep(20_000)
        }
        guard let port = found else {
            let log = (try? String(contentsOfFile: dir + "/log", encoding: .utf8)) ?? ""
            FixtureProcess.kill(pid)
            throw FixtureError("docker-registry did not start listening; its log:\n\(log.suffix(2000))")
        }
        self.port = port
        url = (tls == nil ? "http" : "https") + "://127.0.0.1:\(port)"
    }

    deinit { stop() }

    /// Kills the server and removes its folder.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        FixtureProcess.kill(pid)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The port in the registry's "listening on 127.0.0.1:PORT" log line.
    static func listeningPort(_ log: String) -> Int? {
        guard let range = log.range(of: "listening on 127.0.0.1:") else { return nil }
        let digits = log[range.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }

    /// One htpasswd line with a bcrypt hash, from `htpasswd -nbB` (apache2-utils).
    static func bcryptEntry(user: String, password: String) throws -> String {
        let tool = "/usr/bin/htpasswd"
        guard FileManager.default.isExecutableFile(atPath: tool) else {
            throw FixtureError("\(tool) is missing: run `make deps` (it installs apache2-utils) to run the registry auth tests")
        }
        let out = try FixtureProcess.output(tool, ["-nbB", user, password])
        guard let line = out.split(separator: "\n").first, line.hasPrefix("\(user):$2") else {
            throw FixtureError("htpasswd -nbB gave no bcrypt entry: \(out)")
        }
        return String(line)
    }
}

/// A test fixture that could not be set up, with what to do.
public struct FixtureError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
