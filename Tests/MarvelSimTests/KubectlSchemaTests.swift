import Foundation
import MarvelCore
import Testing

@testable import MarvelSim

/// Real kubectl against the embedded cluster's schema, patches and OpenAPI:
/// client-side apply, set image/env, strategic and JSON patches keep what
/// they do not change; what kube-apiserver 1.30 refuses is refused in its words.
@Suite(.serialized) struct KubectlSchemaTests {
    static let web = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: marvel
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: nginx:1.27
                ports:
                - containerPort: 80
                resources:
                  requests: {cpu: 100m, memory: 64Mi}
                env:
                - name: MODE
                  value: "fast"
        """

    /// Writes `text` as a manifest in the session's folder and returns its path.
    func manifest(_ s: KubectlWorkloadTests.Session, _ name: String, _ text: String) throws -> String {
        let path = s.dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func stored(_ s: KubectlWorkloadTests.Session) throws -> JSONValue {
        try #require(s.cluster.store.get("deployments", namespace: "marvel", name: "web"))
    }

    func container(_ deployment: JSONValue, _ name: String) -> JSONValue? {
        deployment.at("spec", "template", "spec", "containers")?.arrayValue?.first { $0["name"]?.stringValue == name }
    }

    @Test func clientSideApplyTwiceKeepsPortsAndResources() throws {
        let s = try KubectlWorkloadTests.Session()
        defer { s.close() }
        let first = try s.kubectl(["apply", "-f", try manifest(s, "web.yaml", Self.web)])
        try #require(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("deployment.apps/web created"), "\(first.stdout)")

        let changed = Self.web.replacingOccurrences(of: "nginx:1.27", with: "nginx:1.28")
            .replacingOccurrences(of: "value: \"fast\"", with: "value: \"safe\"")
        let second = try s.kubectl(["apply", "-f", try manifest(s, "web2.yaml", changed)])
        try #require(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("deployment.apps/web configured"), "\(second.stdout)")

        let deployment = try stored(s)
        let web = container(deployment, "web")
        #expect(web?["image"] == "nginx:1.28")
        #expect(web?["ports"] == [["containerPort": 80, "protocol": "TCP"]])
        #expect(web?.at("resources", "requests") == ["cpu": "100m", "memory": "64Mi"])
        #expect(web?["env"] == [["name": "MODE", "value": "safe"]])
        #expect(!deployment.jsonString().contains("\"$"), "directive keys stored: \(deployment.jsonString())")
        let lastApplied = deployment.at("metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration")
        #expect(lastApplied?.stringValue?.contains("nginx:1.28") == true)
        #expect(deployment.at("metadata", "generation") == 2)

        // Once its pods run, everything the cluster's controllers wrote is a valid 1.30 object too.
        #expect(s.waitFor {
            s.cluster.store.list("pods", namespace: "marvel").items.filter {
                ($0.at("metadata", "name")?.stringValue ?? "").hasPrefix("web-") && PodStatusProbe.ready($0)
            }.count == 2
        })
        #expect(SimSchemaWriteTests.undecodableObjects(in: s.cluster.store) == [])
    }

    @Test func setImageSetEnvAndPatchesKeepTheRest() throws {
        let s = try KubectlWorkloadTests.Session()
        defer { s.close() }
        try #require(try s.kubectl(["apply", "-f", try manifest(s, "web.yaml", Self.web)]).status == 0)

        let setImage = try s.kubectl(["set", "image", "-n", "marvel", "deployment/web", "web=nginx:1.29"])
        #expect(setImage.status == 0, "\(setImage.stderr)")
        var web = container(try stored(s), "web")
        #expect(web?["image"] == "nginx:1.29")
        #expect(web?["ports"] == [["containerPort": 80, "protocol": "TCP"]])
        #expect(web?.at("resources", "requests", "cpu") == "100m")
        #expect(web?["env"] == [["name": "MODE", "value": "fast"]])

        let setEnv = try s.kubectl(["set", "env", "-n", "marvel", "deployment/web", "LEVEL=3"])
        #expect(setEnv.status == 0, "\(setEnv.stderr)")
        web = container(try stored(s), "web")
        #expect(web?["image"] == "nginx:1.29")
        #expect(web?["env"] == [["name": "MODE", "value": "fast"], ["name": "LEVEL", "value": "3"]])

        let sidecar = #"{"spec":{"template":{"spec":{"containers":[{"name":"log","image":"busybox:1.36"}]}}}}"#
        let patch = try s.kubectl(["patch", "-n", "marvel", "deployment", "web", "-p", sidecar])
        #expect(patch.status == 0, "\(patch.stderr)")
        let deployment = try stored(s)
        #expect(container(deployment, "log")?["image"] == "busybox:1.36")
        #expect(container(deployment, "web")?["image"] == "nginx:1.29")
        #expect(container(deployment, "web")?["ports"] == [["containerPort": 80, "protocol": "TCP"]])

        let json = try s.kubectl([
            "patch", "-n", "marvel", "deployment", "web", "--type=json",
            "-p", #"[{"op":"test","path":"/spec/replicas","value":2},{"op":"replace","path":"/spec/replicas","value":4}]"#,
        ])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(try stored(s).at("spec", "replicas") == 4)
        let failed = try s.kubectl([
            "patch", "-n", "marvel", "deployment", "web", "--type=json",
            "-p", #"[{"op":"test","path":"/spec/replicas","value":2}]"#,
        ])
        #expect(failed.status != 0)
        #expect(failed.stderr.contains("testing value /spec/replicas failed: test failed"), "\(failed.stderr)")
    }

    @Test func refusalsReadAsOnARealServer() throws {
        let s = try KubectlWorkloadTests.Session()
        defer { s.close() }
        let intEnv = try manifest(s, "int.yaml", Self.web.replacingOccurrences(of: "value: \"fast\"", with: "value: 12345"))
        let refused = try s.kubectl(["apply", "-f", intEnv])
        #expect(refused.status != 0)
        #expect(
            refused.stderr.contains(
                "Error from server (BadRequest): error when creating \"\(intEnv)\": Deployment in version \"v1\" cannot be "
                    + "handled as a Deployment: json: cannot unmarshal number into Go struct field "
                    + "EnvVar.spec.template.spec.containers.env.value of type string"), "\(refused.stderr)")

        let negative = try manifest(s, "neg.yaml", Self.web.replacingOccurrences(of: "replicas: 2", with: "replicas: -1"))
        let invalid = try s.kubectl(["apply", "-f", negative])
        #expect(invalid.status != 0)
        #expect(
            invalid.stderr.contains(
                "The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
            "\(invalid.stderr)")

        let unknown = try manifest(s, "unknown.yaml", Self.web.replacingOccurrences(of: "  replicas: 2", with: "  replicas: 2\n  foo: bar"))
        let strict = try s.kubectl(["apply", "--validate=strict", "-f", unknown])
        #expect(strict.status != 0)
        #expect(
            strict.stderr.contains(
                "Error from server (BadRequest): error when creating \"\(unknown)\": Deployment in version \"v1\" cannot be "
                    + "handled as a Deployment: strict decoding error: unknown field \"spec.foo\""), "\(strict.stderr)")
        #expect(try s.kubectl(["get", "-n", "marvel", "deployment", "web"]).status != 0)

        let warned = try s.kubectl(["apply", "--validate=warn", "-f", unknown])
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stderr.contains("Warning: unknown field \"spec.foo\""), "\(warned.stderr)")
        #expect(try stored(s).at("spec", "foo") == nil)
    }

    @Test func explainPrintsTheFieldDocs() throws {
        let s = try KubectlWorkloadTests.Session()
        defer { s.close() }
        let explain = try s.kubectl(["explain", "pod.spec.containers.resources"])
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains("FIELD: resources <ResourceRequirements>"), "\(explain.stdout)")
        #expect(explain.stdout.contains("Compute Resources required by this container."), "\(explain.stdout)")
        #expect(explain.stdout.contains("limits\t<map[string]Quantity>"), "\(explain.stdout)")
        let missing = try s.kubectl(["explain", "deployment.spec.foo"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("field \"foo\" does not exist"), "\(missing.stderr)")
    }
}
