import Foundation
import MarvelCore
import Testing

/// `marvdash templates` and `marvdash render` through the real binary: no cluster needed.
@Suite struct TemplateCLITests {
    static let good = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: $NAME
          namespace: $NAMESPACE
        spec:
          replicas: ${SERVERS}
          template:
            spec:
              containers:
              - name: web
                image: ${REGISTRY}/web:1.0
                args: ["--motd", "${MOTD}", "${HOSTNAME##*-}"]
                resources: {requests: {cpu: 500m, memory: 1Gi}}
            metadata: {labels: {app: web}}
          selector: {matchLabels: {app: web}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: $NAME}
        spec: {ports: [{port: 80}]}
        ---
        kind: Template
        name: Web server
        description: A test web server
        singleton: no
        variables:
        - {name: NAMESPACE, default: default}
        - {name: REGISTRY, default: localhost:5000}
        - {name: NAME, default: web, help: The instance name}
        - {name: SERVERS, default: 2, type: int}
        - {name: MOTD, default: hello}
        placement: {layer: fog}
        """

    /// A folder holding `files`, removed by the caller.
    func folder(_ files: [String: String]) throws -> String {
        let dir = try ProcessRunner.tempDir()
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        return dir
    }

    @Test func listShowsTheTemplateWithLayerAndRequests() throws {
        let dir = try folder(["webtest.template.yaml": Self.good])
        defer { ProcessRunner.removeTempDir(dir) }
        let r = try ProcessRunner.marvdash(["templates", "--templates", dir])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ID") == true)
        let row = try #require(lines.first(where: { $0.hasPrefix("webtest ") }))
        #expect(row.contains("Web server") && row.contains("fog") && row.contains("1") && row.contains("2Gi"))
        let json = try ProcessRunner.marvdash(["templates", "ls", "--templates", dir, "-o", "json"])
        #expect(json.status == 0)
        let value = try JSONValue.parse(json.stdout)
        let entry = try #require(value.arrayValue?.first(where: { $0["id"] == .string("webtest") }))
        #expect(entry.at("requests", "cpu") == .string("1"))
    }

    @Test func showListsVariables() throws {
        let dir = try folder(["webtest.yaml": Self.good])
        defer { ProcessRunner.removeTempDir(dir) }
        let r = try ProcessRunner.marvdash(["templates", "show", "webtest", "--templates", dir])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("SERVERS = 2  (int)"))
        #expect(r.stdout.contains("NAMESPACE = default  (string, automatic)"))
        #expect(r.stdout.contains("The instance name"))
        #expect(r.stdout.contains("layer=fog"))
        let missing = try ProcessRunner.marvdash(["templates", "show", "nope", "--templates", dir])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no template \"nope\""))
    }

    @Test func renderWritesAYAMLStream() throws {
        let dir = try folder(["webtest.yaml": Self.good, "values.yaml": "MOTD: \"a: b\\n- c\"\nSERVERS: 4\n"])
        defer { ProcessRunner.removeTempDir(dir) }
        let r = try ProcessRunner.marvdash([
            "render", "webtest", "--templates", dir, "-f", dir + "/values.yaml", "--set", "NAME=shop", "--namespace", "ops",
            "--registry", "reg.example:5000",
        ])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let docs = try YAML.load(r.stdout)
        #expect(docs.count == 2)
        #expect(docs[0].at("metadata", "name") == .string("shop"))
        #expect(docs[0].at("metadata", "namespace") == .string("ops"))
        #expect(docs[0].at("spec", "replicas") == .int(4))
        let container = docs[0].at("spec", "template", "spec", "containers")?[0]
        #expect(container?["image"] == .string("reg.example:5000/web:1.0"))
        #expect(container?["args"] == .array([.string("--motd"), .string("a: b\n- c"), .string("${HOSTNAME##*-}")]))
        #expect(docs[1]["kind"] == .string("Service"))
    }

    @Test func renderRefusesBadValuesInOneLine() throws {
        let dir = try folder(["webtest.yaml": Self.good])
        defer { ProcessRunner.removeTempDir(dir) }
        let unknown = try ProcessRunner.marvdash(["render", "webtest", "--templates", dir, "--set", "SERVES=3"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown variable SERVES"))
        #expect(unknown.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1)
        #expect(unknown.stdout.isEmpty)
        let badInt = try ProcessRunner.marvdash(["render", dir + "/webtest.yaml", "--set", "SERVERS=lots"])
        #expect(badInt.status == 1)
        #expect(badInt.stderr.contains("webtest.yaml:31:3: error: SERVERS must be an integer"), "\(badInt.stderr)")
    }

    @Test func lintExitCodesAndPositions() throws {
        let dir = try folder([
            "good.yaml": Self.good,
            "warn.yaml": Self.good.replacingOccurrences(of: "${MOTD}", with: "$MOTTO"),
            "noname.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\nkind: Template\nname: n\nvariables:\n- {name: PORT, default: 80}\n",
            "badyaml.yaml": "kind: Template\nname: [x\n",
            "badtype.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: $NAME}\n---\nkind: Template\nname: n\nvariables:\n- {name: NAME, default: a}\n- {name: N, default: x, type: int}\n",
            "oldingress.yaml": "apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata: {name: $NAME}\nspec:\n  rules:\n  - host: x.org\n---\nkind: Template\nname: n\nvariables:\n- {name: NAME, default: a}\n",
        ])
        defer { ProcessRunner.removeTempDir(dir) }
        let good = try ProcessRunner.marvdash(["templates", "lint", dir + "/good.yaml"])
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        #expect(good.stdout.isEmpty)
        let warn = try ProcessRunner.marvdash(["templates", "lint", dir + "/warn.yaml"])
        #expect(warn.status == 0)
        #expect(warn.stdout.contains("warn.yaml:13:26: warning: $MOTTO is not a declared variable"), "\(warn.stdout)")
        for (file, expected) in [
            ("noname.yaml", "noname.yaml:8:1: error: no NAME variable"),
            ("badyaml.yaml", "badyaml.yaml:3:1: error: "),
            ("badtype.yaml", "badtype.yaml:9:22: error: default: N must be an integer"),
            ("oldingress.yaml", "oldingress.yaml:1:13: error: Ingress/a: networking.k8s.io/v1beta1 Ingress is no longer served (removed in Kubernetes 1.22) — use apiVersion: networking.k8s.io/v1"),
        ] {
            let r = try ProcessRunner.marvdash(["templates", "lint", dir + "/" + file])
            #expect(r.status == 1, "\(file)")
            let lines = r.stdout.split(separator: "\n")
            #expect(lines.count == 1, "\(r.stdout)")
            #expect(lines.first?.hasPrefix(dir + "/" + expected) == true, "\(r.stdout)")
        }
        let all = try ProcessRunner.marvdash(["templates", "lint", dir + "/good.yaml", dir + "/badtype.yaml"])
        #expect(all.status == 1)
    }
}
