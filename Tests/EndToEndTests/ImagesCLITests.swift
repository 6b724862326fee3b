import Foundation
import MarvelCore
import RegistryFixture
import Testing

/// `marvdash images`, `images show` and `images rm` through the binary: on the
/// demo registry of a fresh machine, against a real `docker-registry`, and
/// with registries that are down or refuse the credentials (one line, exit 1).
@Suite struct ImagesCLITests {
    @Test func theDemoRegistryOnAFreshMachine() throws {
        let list = try ProcessRunner.marvdash(["images", "--demo"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("repositories"))
        #expect(list.stdout.contains("cp-kafka") && list.stdout.contains("5.3.1, latest") && list.stdout.contains("templates kafka"))

        // The FedL client runs on any edge board: built for amd64 and arm64 (AudioAnony is x86-64 only, as devAIce is).
        let repo = try ProcessRunner.marvdash(["images", "fedl-client", "--demo", "-o", "json"])
        #expect(repo.status == 0, "\(repo.stderr)")
        let json = try JSONValue.parse(repo.stdout)
        let group = try #require(json["groups"]?[0])
        #expect(group["tags"] == ["1", "latest"])
        #expect(group["mediaType"]?.stringValue == ManifestMediaType.ociIndex)
        #expect((group["platforms"]?.arrayValue ?? []).compactMap { $0["platform"]?.stringValue } == ["linux/amd64", "linux/arm64/v8"])
        #expect(group["usage"]?["templates"] == ["fedl-client"])

        let show = try ProcessRunner.marvdash(["images", "show", "dynhp:2", "--demo"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("platforms: linux/amd64\n"))
        #expect(show.stdout.contains("templates: dynhp-notebook"))

        // Third-party images are there too: the demo registry mirrors their public registries.
        let rm = try ProcessRunner.marvdash(["images", "rm", "confluentinc/cp-kafka:5.3.1", "--demo", "--yes"])
        #expect(rm.status == 1)
        #expect(rm.stderr.hasPrefix("marvdash: registry http://127.0.0.1:") && rm.stderr.contains("has deletes disabled (405 UNSUPPORTED)"))
        #expect(rm.stderr.split(separator: "\n").count == 1, "\(rm.stderr)")
    }

    @Test func listAndDeleteAgainstARealRegistry() throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        let images = TestImages(client: RegistryClient(endpoint: try #require(RegistryEndpoint(parsing: registry.url))))
        let pushed = try images.push("team/web", tag: "1.0", platforms: [ImagePlatform(architecture: "amd64")])
        try images.tag("team/web", digest: pushed.digest, as: "stable")
        try images.push("team/web", tag: "2.0", platforms: [ImagePlatform(architecture: "amd64"), ImagePlatform(architecture: "arm64")])

        let list = try ProcessRunner.marvdash(["images", "--registry", registry.url, "-o", "json"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(try JSONValue.parse(list.stdout)["repositories"]?[0]?["tags"] == ["1.0", "2.0", "stable"])

        let table = try ProcessRunner.marvdash(["images", "team/web", "--registry", registry.url])
        #expect(table.stdout.contains("team/web on \(registry.url): 3 tags, 2 digests"), "\(table.stdout)")
        #expect(table.stdout.contains("1.0, stable"))
        #expect(table.stdout.contains("linux/amd64, linux/arm64"))

        let unconfirmed = try ProcessRunner.marvdash(["images", "rm", "team/web:1.0", "--registry", registry.url])
        #expect(unconfirmed.status == 1 && unconfirmed.stderr.contains("stdin is not a terminal, so nothing was deleted; add --yes"))

        let rm = try ProcessRunner.marvdash(["images", "rm", "team/web:1.0", "--registry", registry.url, "--yes"])
        #expect(rm.status == 0, "\(rm.stderr)")
        #expect(rm.stdout.contains("deleted team/web:1.0 (manifest \(pushed.digest))"))
        #expect(rm.stdout.contains("tags removed with it: stable"))
        let after = try ProcessRunner.marvdash(["images", "team/web", "--registry", registry.url, "-o", "json"])
        let groups = try JSONValue.parse(after.stdout)["groups"]?.arrayValue ?? []
        #expect(groups.map { $0["tags"] } == [["2.0"]])
    }

    @Test func registriesThatAreDownOrRefuseAreOneLine() throws {
        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        let closed = try TestPorts.closed()
        let down = try ProcessRunner.marvdash(["images", "--demo", "--registry", "http://127.0.0.1:\(closed)"])
        #expect(down.status == 1)
        #expect(down.stderr.hasPrefix("marvdash: registry http://127.0.0.1:\(closed) is unreachable: cannot connect"), "\(down.stderr)")
        #expect(down.stderr.split(separator: "\n").count == 1, "\(down.stderr)")

        let bad = try ProcessRunner.marvdash(["images", "--registry", "ftp://x"])
        #expect(bad.status == 64 && bad.stderr.contains("--registry ftp://x: not a registry address"))

        // Credentials from the config file, refused: named without the password.
        let registry = try TestRegistry(auth: .basic(users: ["alice": "right"]))
        defer { registry.stop() }
        try FileManager.default.createDirectory(atPath: dir + "/.config/marvdash", withIntermediateDirectories: true)
        try "registry:\n  url: \(registry.url)\n  username: alice\n  password: wrong\n".write(
            toFile: dir + "/.config/marvdash/config.yaml", atomically: true, encoding: .utf8)
        let refused = try ProcessRunner.marvdash(["images"], environment: ["HOME": dir, "XDG_CONFIG_HOME": dir + "/.config"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("refused the credentials of user alice (from the marvdash config (\(dir)/.config/marvdash/config.yaml))"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("wrong"))
        // With the right password the same config works.
        try "registry:\n  url: \(registry.url)\n  username: alice\n  password: right\n".write(
            toFile: dir + "/.config/marvdash/config.yaml", atomically: true, encoding: .utf8)
        let ok = try ProcessRunner.marvdash(["images"], environment: ["HOME": dir, "XDG_CONFIG_HOME": dir + "/.config"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("0 repositories"))
        #expect(ok.stderr.contains("marvdash: warning: credentials of user alice are sent without TLS to registry \(registry.url)"))

        // A kubeconfig and no registry anywhere: what to configure.
        try "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: \"http://127.0.0.1:\(closed)\"}}]\nusers: [{name: u, user: {}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n"
            .write(toFile: dir + "/kubeconfig", atomically: true, encoding: .utf8)
        let none = try ProcessRunner.marvdash(["images", "--kubeconfig", dir + "/kubeconfig"])
        #expect(none.status == 1)
        #expect(none.stderr.hasPrefix("marvdash: no registry configured: pass --registry URL, or set registry.url in "), "\(none.stderr)")
    }
}

/// Ports for tests.
enum TestPorts {
    /// A loopback port nothing listens on (bound, then released).
    static func closed() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw FixtureError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        guard bound, withUnsafeMutablePointer(to: &address, {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }) else { throw FixtureError("cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
