import Foundation
import Testing

/// The real binary's CLI: output shapes, exit codes and one-line errors.
@Suite struct CLIEndToEndTests {
    @Test func versionPrintsTheVersion() throws {
        let r = try ProcessRunner.marvdash(["version"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("marvdash "))
    }

    @Test func consoleWithoutTerminalPointsToTheCLI() throws {
        // Under the test runner stdin is /dev/null and stdout a pipe: no TTY.
        let r = try ProcessRunner.marvdash(["--demo"], environment: ["TERM": "xterm-256color"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("not a terminal"))
        #expect(r.stderr.contains("marvdash nodes"))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test func dumbTerminalPointsToTheCLI() throws {
        let r = try ProcessRunner.marvdash(["--demo"], environment: ["TERM": "dumb"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("TERM=dumb"))
        #expect(r.stderr.contains("marvdash nodes"))
    }

    @Test func nodesTableGroupsByLayer() throws {
        let r = try ProcessRunner.marvdash(["nodes", "--demo"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let cloud = try #require(r.stdout.range(of: "CLOUD"))
        let fog = try #require(r.stdout.range(of: "FOG"))
        let edge = try #require(r.stdout.range(of: "EDGE"))
        #expect(cloud.lowerBound < fog.lowerBound && fog.lowerBound < edge.lowerBound)
        #expect(r.stdout.contains("Layer=GRNEDGE1:NoSchedule"))
    }

    @Test func nodesJSONIsMachineReadable() throws {
        let r = try ProcessRunner.marvdash(["nodes", "--demo", "-o", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
        let text = String(describing: obj)
        for layer in ["cloud", "fog", "edge"] { #expect(text.contains(layer)) }
    }

    @Test func nodesYAMLStartsWithLayers() throws {
        let r = try ProcessRunner.marvdash(["nodes", "--demo", "-o", "yaml"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("layer: cloud"))
    }

    @Test func badOutputFormatIsOneLine() throws {
        let r = try ProcessRunner.marvdash(["nodes", "--demo", "-o", "xml"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("xml"))
        #expect(r.stderr.contains("see 'marvdash nodes --help'"))
        #expect(r.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1)
    }

    @Test func unknownCommandListsTheCommands() throws {
        let r = try ProcessRunner.marvdash(["nodez"])
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("marvdash: unknown command 'nodez' (commands: nodes, sim, version"))
        #expect(r.stderr.hasSuffix("; see 'marvdash --help')\n"))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test func unknownFlagIsOneLineNamingTheFlag() throws {
        // A name far from every real flag (a near one, such as --bogus for --mouse, adds "Did you mean").
        let r = try ProcessRunner.marvdash(["--frobnicate-everything"])
        #expect(r.status == 64)
        #expect(r.stderr == "marvdash: Unknown option '--frobnicate-everything' (see 'marvdash --help')\n")
    }

    @Test func kubeconfigSyntaxErrorNamesLineAndColumn() throws {
        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        let path = dir + "/config"
        try "apiVersion: v1\nclusters:\n- name: a\n  cluster: {server: \"http://x\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try ProcessRunner.marvdash(["nodes", "--kubeconfig", path])
        #expect(r.status == 1)
        #expect(r.stderr.contains(path + ":"))
        #expect(r.stderr.range(of: #":\d+:\d+"#, options: .regularExpression) != nil)
        #expect(r.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1)
    }

    @Test func missingKubeconfigNamesThePath() throws {
        let r = try ProcessRunner.marvdash(["nodes", "--kubeconfig", "/nonexistent/kubeconfig"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("/nonexistent/kubeconfig"))
        #expect(r.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1)
    }

    /// Writes a kubeconfig into a fresh folder; the caller removes the folder.
    private func writeKubeconfig(server: String) throws -> String {
        let dir = try ProcessRunner.tempDir()
        let path = dir + "/config"
        let text = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c1
              cluster:
                server: \(server)
            users:
            - name: u1
              user: {}
            contexts:
            - name: ctx1
              context: {cluster: c1, user: u1}
            current-context: ctx1
            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func unknownContextNamesTheContext() throws {
        let path = try writeKubeconfig(server: "http://127.0.0.1:1")
        defer { ProcessRunner.removeTempDir((path as NSString).deletingLastPathComponent) }
        let r = try ProcessRunner.marvdash(["nodes", "--kubeconfig", path, "--context", "nope"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\"nope\""))
        #expect(r.stderr.contains("ctx1"))
    }

    @Test func unreachableServerNamesTheURL() throws {
        let path = try writeKubeconfig(server: "http://127.0.0.1:1")
        defer { ProcessRunner.removeTempDir((path as NSString).deletingLastPathComponent) }
        let r = try ProcessRunner.marvdash(["nodes", "--kubeconfig", path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("http://127.0.0.1:1"))
        #expect(r.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1)
    }

    @Test func noKubeconfigFallsBackToTheEmbeddedCluster() throws {
        let r = try ProcessRunner.marvdash(["nodes"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("CLOUD"))
        #expect(r.stderr.contains("embedded"))
    }

    @Test func simServesKubectl() throws {
        let sim = try SimProcess.start()
        defer { sim.stop() }
        let r = try ProcessRunner.run("/usr/bin/kubectl", sim.kubeconfigArguments + ["get", "nodes"])
        #expect(r.status == 0, "kubectl: \(r.stderr)")
        #expect(r.stdout.contains("Ready"))
        let status = sim.interrupt()
        #expect(status == 0, "marvdash sim did not exit cleanly on SIGINT: \(status)")
    }
}
