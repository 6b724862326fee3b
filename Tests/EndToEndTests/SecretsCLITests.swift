import Foundation
import Testing

/// No clear secret anywhere the CLI prints: render, deploy --dry-run, deploy,
/// services in every format, error lines; the record is a Secret and no
/// ConfigMap holds a secret value. Plus the flags of issue 12's smaller items:
/// unknown --set/-f variables, negative numbers, logs per container.
@Suite struct SecretsCLITests {
    static let password = "Vault-Pa55-9f3c"
    static let key = "n2n-key-77d1e0"

    static let template = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: ${NAME}-auth
        stringData:
          password: ${ADMIN_PASSWORD}
          key: ${N2N_KEY}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: ${NAME}
        spec:
          replicas: 1
          selector: {matchLabels: {app: "${NAME}"}}
          template:
            metadata: {labels: {app: "${NAME}"}}
            spec:
              containers:
              - name: server
                image: nginx:1.25
                env:
                - {name: ADMIN_PASSWORD, value: "${ADMIN_PASSWORD}"}
                - {name: MOTD, value: "welcome; the key is ${N2N_KEY}"}
                resources: {requests: {cpu: 10m}}
              - name: sidecar
                image: busybox:1.36
                resources: {requests: {cpu: 10m}}
        ---
        kind: Template
        name: Vault
        variables:
        - name: NAME
          default: vault
        - name: ADMIN_PASSWORD
          default: change-me
        - name: N2N_KEY
          default: ""
        - name: PIN
          default: "0000"
          secret: true

        """

    /// A folder with the template file; removed by the caller.
    static func templateFile() throws -> (dir: String, file: String) {
        let dir = try ProcessRunner.tempDir()
        let file = dir + "/vault.template.yaml"
        try template.write(toFile: file, atomically: true, encoding: .utf8)
        return (dir, file)
    }

    static func expectNoSecret(_ result: ProcessResult, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in [password, key] {
            #expect(!result.stdout.contains(secret), "\(what) printed \(secret) on stdout", sourceLocation: sourceLocation)
            #expect(!result.stderr.contains(secret), "\(what) printed \(secret) on stderr", sourceLocation: sourceLocation)
        }
    }

    @Test func noClearPasswordInAnyOutputAndTheRecordIsASecret() throws {
        let (dir, file) = try Self.templateFile()
        defer { ProcessRunner.removeTempDir(dir) }
        let sim = try SimProcess.start()
        defer { sim.stop() }
        let k = sim.kubeconfigArguments
        let set = ["--set", "ADMIN_PASSWORD=\(Self.password)", "--set", "N2N_KEY=\(Self.key)"]

        let render = try ProcessRunner.marvdash(["render", file] + set)
        #expect(render.status == 0, "\(render.stderr)")
        Self.expectNoSecret(render, "render")
        #expect(render.stdout.contains("password: '***'") || render.stdout.contains("password: \"***\""), "\(render.stdout)")
        #expect(render.stdout.contains("the key is ***"))
        let shown = try ProcessRunner.marvdash(["render", file, "--show-secrets"] + set)
        #expect(shown.stdout.contains(Self.password))

        let dry = try ProcessRunner.marvdash(["deploy", file, "--dry-run"] + set + k)
        #expect(dry.status == 0, "\(dry.stderr)")
        Self.expectNoSecret(dry, "deploy --dry-run")
        #expect(dry.stdout.contains("kind: Secret"))

        let deploy = try ProcessRunner.marvdash(["deploy", file] + set + k)
        #expect(deploy.status == 0, "\(deploy.stderr)")
        Self.expectNoSecret(deploy, "deploy")
        #expect(!deploy.stderr.contains("warning"), "a real password must not warn: \(deploy.stderr)")

        for format in ["table", "json", "yaml"] {
            let services = try ProcessRunner.marvdash(["services", "-o", format] + k)
            #expect(services.status == 0, "\(services.stderr)")
            Self.expectNoSecret(services, "services -o \(format)")
            if format != "table" { #expect(services.stdout.contains("***")) }
        }
        let revealed = try ProcessRunner.marvdash(["services", "-o", "json", "--show-secrets"] + k)
        #expect(revealed.stdout.contains(Self.password))

        // The record: a Secret of type marvdash.io/instance.v1 whose data is base64 of gzip —
        // the values are inside (who may read Secrets may read them) but not in clear.
        let server = try #require(PlainHTTP.server(inKubeconfig: sim.kubeconfig))
        let recordJSON = try #require(PlainHTTP.get(server + "/api/v1/namespaces/default/secrets/marvdash-vault"))
        #expect(recordJSON.contains("\"marvdash.io/instance.v1\""))
        #expect(!recordJSON.contains(Self.password))
        let configMaps = try #require(PlainHTTP.get(server + "/api/v1/namespaces/default/configmaps"))
        #expect(configMaps.contains("\"items\""))
        #expect(!configMaps.contains(Self.password))
        #expect(!configMaps.contains("marvdash-vault"))

        // A secret left at its placeholder (or empty) warns, without refusing.
        let weak = try ProcessRunner.marvdash(["deploy", file, "--name", "weak"] + k)
        #expect(weak.status == 0, "\(weak.stderr)")
        #expect(weak.stderr.contains("marvdash: warning: ADMIN_PASSWORD is still a placeholder"))
        #expect(weak.stderr.contains("marvdash: warning: N2N_KEY is empty"))

        let typo = try ProcessRunner.marvdash(["upgrade", "vault", "--set", "PASWORD=x"] + k)
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("unknown variable PASWORD — this template declares NAME, ADMIN_PASSWORD, N2N_KEY, PIN"), "\(typo.stderr)")
        let upgrade = try ProcessRunner.marvdash(["upgrade", "vault", "--set", "PIN=1234"] + k)
        #expect(upgrade.status == 0, "\(upgrade.stderr)")
        Self.expectNoSecret(upgrade, "upgrade")
        let delete = try ProcessRunner.marvdash(["delete", "vault", "--yes"] + k)
        #expect(delete.status == 0, "\(delete.stderr)")
        #expect(delete.stdout.contains("removed Secret/marvdash-vault"))
        Self.expectNoSecret(delete, "delete")
    }

    @Test func undeclaredVariablesAreErrorsNamingTheTemplatesVariables() throws {
        let (dir, file) = try Self.templateFile()
        defer { ProcessRunner.removeTempDir(dir) }
        let show = try ProcessRunner.marvdash(["templates", "show", file])
        #expect(show.stdout.contains("ADMIN_PASSWORD = change-me  (string, secret)"), "\(show.stdout)\(show.stderr)")
        #expect(show.stdout.contains("PIN = 0000  (string, secret)"))
        #expect(show.stdout.contains("NAME = vault  (string)"))
        let values = dir + "/values.yaml"
        try "ADMIN_PASSWORD: x\nPASWORD: typo\n".write(toFile: values, atomically: true, encoding: .utf8)
        let expected = "unknown variable PASWORD — this template declares NAME, ADMIN_PASSWORD, N2N_KEY, PIN"
        for args in [["render", file, "--set", "PASWORD=typo"], ["render", file, "-f", values], ["deploy", file, "--demo", "--dry-run", "-f", values]] {
            let result = try ProcessRunner.marvdash(args)
            #expect(result.status == 1, "\(args): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(args): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(args): \(result.stderr)")
        }
    }

    @Test func negativeNumbersGetTheFlagsRangeMessage() throws {
        for (args, message) in [
            (["dynhp", "train", "--epochs", "-5"], "--epochs must be at least 1, got -5"),
            (["dynhp", "train", "--lr", "-0.1"], "--lr must be positive, got -0.1"),
            (["logs", "x", "--tail", "-1", "--demo"], "--tail must be 0 or more, got -1"),
            (["rollback", "x", "--revision", "-2", "--demo"], "--revision must be 1 or more, got -2"),
            (["headroom", "kafka", "--cap", "-3"], "--cap must be at least 1, got -3"),
        ] {
            let result = try ProcessRunner.marvdash(args)
            #expect(result.status == 64, "\(args): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(args): \(result.stderr)")
            #expect(!result.stderr.contains("Missing value"), "\(args): \(result.stderr)")
        }
    }

    @Test func logsReadMultiContainerPodsPerContainer() throws {
        let (dir, file) = try Self.templateFile()
        defer { ProcessRunner.removeTempDir(dir) }
        let sim = try SimProcess.start()
        defer { sim.stop() }
        let k = sim.kubeconfigArguments
        let deploy = try ProcessRunner.marvdash(["deploy", file, "--set", "ADMIN_PASSWORD=\(Self.password)"] + k)
        #expect(deploy.status == 0, "\(deploy.stderr)")
        var all = ProcessResult(status: -1, stdout: "", stderr: "")
        let both = try ProcessRunner.waitUntil(seconds: 60) {
            all = try ProcessRunner.marvdash(["logs", "vault", "--all-containers", "--tail", "1"] + k)
            return all.status == 0 && all.stdout.contains("/server] ") && all.stdout.contains("/sidecar] ")
        }
        #expect(both, "--all-containers: \(all.stdout) \(all.stderr)")
        #expect(all.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("[vault-") })

        let defaulted = try ProcessRunner.marvdash(["logs", "vault", "--tail", "1"] + k)
        #expect(defaulted.status == 0, "\(defaulted.stderr)")
        #expect(defaulted.stderr.contains("has containers server, sidecar; showing server"))
        let sidecar = try ProcessRunner.marvdash(["logs", "vault", "-c", "sidecar", "--tail", "1"] + k)
        #expect(sidecar.status == 0, "\(sidecar.stderr)")
        #expect(!sidecar.stdout.isEmpty)
        let none = try ProcessRunner.marvdash(["logs", "vault", "--container", "nope"] + k)
        #expect(none.status == 1)
        #expect(none.stderr == "marvdash: no pod of instance vault has a container nope (its containers: server, sidecar)\n")
        let both2 = try ProcessRunner.marvdash(["logs", "vault", "-c", "server", "--all-containers"] + k)
        #expect(both2.status == 64)
        #expect(both2.stderr.contains("--container and --all-containers exclude each other"))
    }
}
