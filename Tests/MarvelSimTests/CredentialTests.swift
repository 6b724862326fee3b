import Foundation
import MarvelCore
import MarvelSim
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Credentials end to end against the embedded cluster started with tokens
/// (`--token`): bearer tokens, token files read again when they change and on
/// 401, and exec plugins (scripts printing ExecCredentials) with every rule.
@Suite struct CredentialTests {
    /// A folder of scripts and files for one test.
    final class Scratch {
        let path: String
        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-cred-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        /// Writes `text` in place (the same inode when the file exists, as an editor saving it would not).
        @discardableResult
        func write(_ name: String, _ text: String, executable: Bool = false) throws -> String {
            let file = path + "/" + name
            let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, executable ? 0o755 : 0o600)
            guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
            defer { close(fd) }
            let bytes = Array(text.utf8)
            guard bytes.withUnsafeBytes({ Glibc.write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
                throw CocoaError(.fileWriteUnknown)
            }
            return file
        }

        func read(_ name: String) -> String { (try? String(contentsOfFile: path + "/" + name, encoding: .utf8)) ?? "" }
    }

    func client(_ cluster: EmbeddedCluster, _ auth: KubeTarget.Auth, terminal: TerminalHandoff = TerminalHandoff(hasTerminal: false))
        -> KubeClient
    {
        let target = KubeTarget(
            contextName: "auth-test", clusterName: "auth-test", userName: "tester", server: cluster.serverURL, auth: auth,
            sourceDescription: "test")
        return KubeClient(target: target, terminal: terminal)
    }

    /// A plugin script printing an ExecCredential with `status` (JSON), counting its runs in `runs`.
    func plugin(_ scratch: Scratch, status: String, apiVersion: String = "client.authentication.k8s.io/v1") throws -> String {
        try scratch.write(
            "plugin.sh",
            """
            #!/bin/sh
            n=$(cat "\(scratch.path)/runs" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "\(scratch.path)/runs"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "\(scratch.path)/exec-info"
            cat <<'JSON'
            {"apiVersion":"\(apiVersion)","kind":"ExecCredential","status":\(status)}
            JSON
            """, executable: true)
    }

    @Test func bearerTokensAreRequiredAndChecked() throws {
        let cluster = try EmbeddedCluster.start(tokens: ["T1"])
        defer { cluster.stop() }
        #expect(try client(cluster, .bearer("T1")).nodes().count == cluster.store.count("nodes"))
        let anonymous = thrownText { _ = try client(cluster, .none).nodes() }
        #expect(anonymous.contains("rejected the credentials of user tester (401 Unauthorized"), "\(anonymous)")
        #expect(thrownText { _ = try client(cluster, .bearer("wrong")).nodes() }.contains("401 Unauthorized"))
        #expect(try client(cluster, .none).serverVersion().hasPrefix("v1.30"), "health and version stay public")
    }

    @Test func tokenFileIsReadAgainWhenItChangesAndOn401() throws {
        let scratch = try Scratch()
        let cluster = try EmbeddedCluster.start(tokens: ["TOKEN-1"])
        defer { cluster.stop() }
        let file = try scratch.write("token", "TOKEN-1\n")
        let provider = TokenFileCredentials(path: file)
        let target = KubeTarget(contextName: "t", clusterName: "t", server: cluster.serverURL, sourceDescription: "test")
        let c = KubeClient(target: target, transport: HTTPClient(), credentials: provider)
        #expect(try c.nodes().count > 0)

        // Rotated: the server takes only the new token, the file holds it.
        cluster.accessTokens.set(["TOKEN-2"])
        try scratch.write("token", "TOKEN-2\n")
        #expect(try c.nodes().count > 0)

        // Rotated again, but the file looks unchanged (same inode, size and times): only the 401 reveals it.
        var info = stat()
        _ = stat(file, &info)
        cluster.accessTokens.set(["TOKEN-3"])
        try scratch.write("token", "TOKEN-3\n")
        var times = [info.st_atim, info.st_mtim]
        _ = utimensat(AT_FDCWD, file, &times, 0)
        #expect(try provider.credentials().headers.first?.value == "Bearer TOKEN-2", "the change is not visible to stat")
        #expect(try c.nodes().count > 0, "the 401 made the client read the file again")
        #expect(try provider.credentials().headers.first?.value == "Bearer TOKEN-3")
    }

    @Test func execPluginTokenIsCachedAndRefreshedOn401() throws {
        let scratch = try Scratch()
        let cluster = try EmbeddedCluster.start(tokens: ["exec-1"])
        defer { cluster.stop() }
        let command = try scratch.write(
            "plugin.sh",
            """
            #!/bin/sh
            n=$(cat "\(scratch.path)/runs" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "\(scratch.path)/runs"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "\(scratch.path)/exec-info"
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"exec-%s"}}' $n
            """, executable: true)
        var config = ExecConfig(user: "tester", command: command, interactiveMode: .never)
        config.clusterInfo = ["server": .string(cluster.serverURL)]
        let c = client(cluster, .exec(config))
        #expect(try c.nodes().count > 0)
        #expect(try c.nodes().count > 0)
        #expect(scratch.read("runs").trimmingCharacters(in: .whitespacesAndNewlines) == "1", "the credential is cached")
        let info = try JSONValue.parse(scratch.read("exec-info"))
        #expect(info["kind"] == "ExecCredential" && info.at("spec", "interactive") == false)
        #expect(info.at("spec", "cluster", "server")?.stringValue == cluster.serverURL)

        cluster.accessTokens.set(["exec-2"])  // the old credential is refused: the plugin runs again
        #expect(try c.nodes().count > 0)
        #expect(scratch.read("runs").trimmingCharacters(in: .whitespacesAndNewlines) == "2")
    }

    @Test func execCredentialIsRefreshedWhenItExpires() throws {
        let scratch = try Scratch()
        let command = try plugin(scratch, status: #"{"token":"t","expirationTimestamp":"2030-01-01T00:00:00Z"}"#)
        let clock = TestBox(Date(timeIntervalSince1970: 1_800_000_000))  // 2027-01-15, before the expiry
        let provider = ExecCredentialProvider(
            config: ExecConfig(user: "u", command: command, interactiveMode: .never),
            terminal: TerminalHandoff(hasTerminal: false), now: { clock.current })
        _ = try provider.credentials()
        _ = try provider.credentials()
        #expect(scratch.read("runs").hasPrefix("1"))
        let expired = try #require(Timestamp.parse("2030-01-01T00:00:01Z"))
        clock.update { $0 = expired }
        let fresh = try provider.credentials()
        #expect(scratch.read("runs").hasPrefix("2"))
        #expect(fresh.headers.first?.value == "Bearer t")
    }

    @Test func execPluginFailureShowsItsStderr() throws {
        let scratch = try Scratch()
        let command = try scratch.write(
            "fail.sh", "#!/bin/sh\necho 'token expired: run sso login' >&2\necho 'profile ops' >&2\nexit 3\n", executable: true)
        let provider = ExecCredentialProvider(
            config: ExecConfig(user: "alice", command: command, interactiveMode: .never), terminal: TerminalHandoff(hasTerminal: false))
        let message = thrownText { _ = try provider.credentials() }
        #expect(message == "the exec credential plugin '\(command)' of user alice failed (exit code 3); it said: token expired: run sso login / profile ops")
    }

    @Test func missingPluginIsNamedWithItsInstallHint() throws {
        let config = ExecConfig(
            user: "alice", command: "marvdash-test-no-such-plugin", installHint: "Install it with:\n  apt install get-token",
            interactiveMode: .never)
        let message = thrownText { _ = try ExecCredentialProvider(config: config, terminal: TerminalHandoff(hasTerminal: false)).credentials() }
        #expect(message == "the exec credential plugin 'marvdash-test-no-such-plugin' of user alice was not found: Install it with: / apt install get-token")
    }

    @Test func badPluginOutputIsExplained() throws {
        let scratch = try Scratch()
        let wrongVersion = try plugin(scratch, status: #"{"token":"t"}"#, apiVersion: "client.authentication.k8s.io/v1beta1")
        let provider = ExecCredentialProvider(
            config: ExecConfig(user: "u", command: wrongVersion, interactiveMode: .never), terminal: TerminalHandoff(hasTerminal: false))
        #expect(thrownText { _ = try provider.credentials() }.contains(
            "apiVersion is \"client.authentication.k8s.io/v1beta1\" but the kubeconfig asks for \"client.authentication.k8s.io/v1\""))
        let half = try plugin(scratch, status: #"{"clientCertificateData":"PEM"}"#)
        let halfProvider = ExecCredentialProvider(
            config: ExecConfig(user: "u", command: half, interactiveMode: .never), terminal: TerminalHandoff(hasTerminal: false))
        #expect(thrownText { _ = try halfProvider.credentials() }.contains("clientCertificateData but no clientKeyData"))
    }

    @Test func interactivePluginsGetTheTerminalThroughTheHandoff() throws {
        let scratch = try Scratch()
        let command = try plugin(scratch, status: #"{"token":"t"}"#)
        let noTerminal = ExecCredentialProvider(
            config: ExecConfig(user: "u", command: command, interactiveMode: .always), terminal: TerminalHandoff(hasTerminal: false))
        #expect(thrownText { _ = try noTerminal.credentials() }.contains("needs a terminal (interactiveMode: Always)"))

        let handoff = TerminalHandoff(hasTerminal: true)
        let lent = TestBox(0)
        handoff.setLender { body in
            lent.update { $0 += 1 }
            body()
        }
        let interactive = ExecCredentialProvider(
            config: ExecConfig(user: "u", command: command, interactiveMode: .ifAvailable), terminal: handoff)
        _ = try interactive.credentials()
        #expect(lent.current == 1, "the plugin ran with the terminal lent")
        #expect(try JSONValue.parse(scratch.read("exec-info")).at("spec", "interactive") == true)
    }

    @Test(.enabled(if: TLSFixture.available, "needs /usr/bin/openssl"))
    func execPluginClientCertificateIsPresented() throws {
        let fixture = try TLSFixture()
        let port = try fixture.serve(cert: "server", requireClientCert: true)
        let scratch = try Scratch()
        let cert = String(decoding: try fixture.pem("client.pem"), as: UTF8.self)
        let key = String(decoding: try fixture.pem("client.key"), as: UTF8.self)
        let status: JSONValue = ["clientCertificateData": .string(cert), "clientKeyData": .string(key)]
        let command = try plugin(scratch, status: status.jsonString())
        let target = KubeTarget(
            contextName: "tls", clusterName: "tls", userName: "tester", server: "https://127.0.0.1:\(port)",
            tls: TLSOptions(caPEM: try fixture.pem("ca.pem")),
            auth: .exec(ExecConfig(user: "tester", command: command, interactiveMode: .never)), sourceDescription: "test")
        let response = try KubeClient(target: target).send(.get, "/")
        #expect(response.bodyText.contains("marvdash-user"), "s_server -www echoes the client certificate it verified")
    }
}

