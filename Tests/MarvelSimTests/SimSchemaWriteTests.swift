import Foundation
import MarvelCore
import MarvelNet
import Testing

@testable import MarvelSim

/// Writes through the API handler against the schema: fieldValidation modes,
/// the decoders' wordings per write path, defaulting, updates and patches.
@Suite struct SimSchemaWriteTests {
    let fixture: SimFixture
    init() throws { fixture = try SimFixture() }

    let deployments = "/apis/apps/v1/namespaces/default/deployments"

    struct Answer {
        var status: Int
        var json: JSONValue
        var warnings: [String]
    }

    func send(
        _ method: String, _ path: String, _ body: String, query: [String: String] = [:],
        contentType: String = "application/json"
    ) throws -> Answer {
        let response = fixture.handler.handle(
            ServerRequest(
                method: method, path: path, query: query, headers: ["content-type": contentType],
                body: Array(body.utf8)))
        guard case .bytes(let bytes) = response.body else { throw CancellationError() }
        return Answer(
            status: response.status, json: try JSONValue.parse(bytes),
            warnings: response.headers.filter { $0.name == "Warning" }.map(\.value))
    }

    func deployment(name: String = "web", spec extra: String = "") -> String {
        #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"\#(name)"},"spec":{\#(extra)"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}"#
    }

    @Test func fieldValidationModes() throws {
        let unknown = deployment(spec: #""foo":1,"replicas":1,"replicas":2,"#)
        let strict = try send("POST", deployments, unknown, query: ["fieldValidation": "Strict"])
        #expect(strict.status == 400)
        #expect(
            strict.json["message"]
                == #"Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo", duplicate field "spec.replicas""#
        )
        let warn = try send("POST", deployments, unknown)
        #expect(warn.status == 201)
        #expect(warn.warnings == [#"299 - "unknown field \"spec.foo\"""#, #"299 - "duplicate field \"spec.replicas\"""#])
        #expect(warn.json.at("spec", "foo") == nil)
        #expect(warn.json.at("spec", "replicas") == 2)
        let ignore = try send("POST", deployments, deployment(name: "quiet", spec: #""foo":1,"#), query: ["fieldValidation": "Ignore"])
        #expect(ignore.status == 201)
        #expect(ignore.warnings.isEmpty)
        let bad = try send("POST", deployments, deployment(name: "x"), query: ["fieldValidation": "Loud"])
        #expect(bad.status == 422)
        #expect(
            bad.json["message"]
                == #"CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loud": supported values: "", "Ignore", "Strict", "Warn""#
        )
    }

    @Test func defaultsAsTheRealServerFillsThem() throws {
        let created = try send("POST", deployments, deployment())
        #expect(created.status == 201)
        let spec = created.json["spec"]
        #expect(spec?["replicas"] == 1)
        #expect(spec?["strategy"] == ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": "25%", "maxSurge": "25%"]])
        #expect(spec?["revisionHistoryLimit"] == 10)
        #expect(spec?["progressDeadlineSeconds"] == 600)
        let podSpec = spec?.at("template", "spec")
        #expect(podSpec?["restartPolicy"] == "Always")
        #expect(podSpec?["dnsPolicy"] == "ClusterFirst")
        #expect(podSpec?["terminationGracePeriodSeconds"] == 30)
        #expect(podSpec?["schedulerName"] == "default-scheduler")
        let container = podSpec?["containers"]?[0]
        #expect(container?["imagePullPolicy"] == "Always")  // no tag means :latest
        #expect(container?["terminationMessagePath"] == "/dev/termination-log")
        #expect(container?["terminationMessagePolicy"] == "File")
        #expect(created.json.at("metadata", "generation") == 1)

        let pod = try send(
            "POST", "/api/v1/namespaces/default/pods",
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox:1.36","ports":[{"containerPort":8080}],"resources":{"limits":{"cpu":"1"}}}]}}"#)
        #expect(pod.status == 201)
        let tolerations = pod.json.at("spec", "tolerations")?.arrayValue ?? []
        #expect(
            tolerations == [
                ["key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300],
                ["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300],
            ])
        let c = pod.json.at("spec", "containers")?[0]
        #expect(c?["imagePullPolicy"] == "IfNotPresent")
        #expect(c?["ports"] == [["containerPort": 8080, "protocol": "TCP"]])
        #expect(c?.at("resources", "requests") == ["cpu": "1"])
        #expect(pod.json.at("spec", "serviceAccountName") == "default")
        #expect(pod.json.at("spec", "priority") == 0)
        #expect(pod.json.at("status", "phase") == "Pending")

        let job = try send(
            "POST", "/apis/batch/v1/namespaces/default/jobs",
            #"{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"once"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox:1.36"}]}}}}"#)
        #expect(job.status == 201)
        let uid = try #require(job.json.at("metadata", "uid")?.stringValue)
        #expect(job.json.at("spec", "selector") == ["matchLabels": ["batch.kubernetes.io/controller-uid": .string(uid)]])
        #expect(job.json.at("spec", "template", "metadata", "labels", "job-name") == "once")
        #expect(job.json.at("spec", "backoffLimit") == 6)
        #expect(job.json.at("spec", "completionMode") == "NonIndexed")

        let secret = try send(
            "POST", "/api/v1/namespaces/default/secrets",
            #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"stringData":{"password":"hunter2"}}"#)
        #expect(secret.status == 201)
        #expect(secret.json["data"] == ["password": "aHVudGVyMg=="])
        #expect(secret.json["stringData"] == nil)
        #expect(secret.json["type"] == "Opaque")
    }

    @Test func putReplacesKeepsStatusAndChecksTheVersion() throws {
        let created = try send("POST", deployments, deployment())
        let version = try #require(created.json.at("metadata", "resourceVersion")?.stringValue)
        var replacement = try JSONValue.parse(deployment(spec: #""replicas":3,"#))
        replacement["metadata"]?["resourceVersion"] = .string(version)
        let put = try send("PUT", deployments + "/web", replacement.jsonString())
        #expect(put.status == 200)
        #expect(put.json.at("spec", "replicas") == 3)
        #expect(put.json.at("metadata", "generation") == 2)
        #expect(put.json.at("metadata", "uid") == created.json.at("metadata", "uid"))
        let stale = try send("PUT", deployments + "/web", replacement.jsonString())
        #expect(stale.status == 409)
        let renamed = try send("PUT", deployments + "/other", replacement.jsonString())
        #expect(renamed.status == 400)
        #expect(renamed.json["message"] == "the name of the object (web) does not match the name on the URL (other)")
        var newSelector = try JSONValue.parse(deployment())
        newSelector["spec"]?["selector"] = ["matchLabels": ["app": "web", "v": "2"]]
        newSelector["spec"]?["template"]?["metadata"]?["labels"] = ["app": "web", "v": "2"]
        let immutable = try send("PUT", deployments + "/web", newSelector.jsonString())
        #expect(immutable.status == 422)
        let immutableMessage = immutable.json["message"]?.stringValue ?? ""
        #expect(immutableMessage.hasSuffix("field is immutable"), "\(immutableMessage)")
    }

    @Test func patchResultsAreDecodedInTheirReadersWords() throws {
        #expect(try send("POST", deployments, deployment()).status == 201)
        let strategic = try send(
            "PATCH", deployments + "/web", #"{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"A","value":1}]}]}}}}"#,
            contentType: "application/strategic-merge-patch+json")
        #expect(strategic.status == 422)
        #expect(
            strategic.json["message"]
                == #" "" is invalid: patch: Invalid value: "map[spec:map[template:map[spec:map[containers:[map[env:[map[name:A value:1]] name:web]]]]]]": cannot convert int64 to string"#
        )
        let merge = try send(
            "PATCH", deployments + "/web", #"{"spec":{"replicas":"two"}}"#, contentType: "application/merge-patch+json")
        #expect(merge.status == 422)
        let mergeMessage = merge.json["message"]?.stringValue ?? ""
        #expect(
            mergeMessage.hasSuffix("json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"),
            "\(mergeMessage)")
        let unknown = try send(
            "PATCH", deployments + "/web", #"{"spec":{"foo":1}}"#, query: ["fieldValidation": "Strict"],
            contentType: "application/strategic-merge-patch+json")
        #expect(unknown.status == 422)
        #expect(
            unknown.json["message"]
                == #" "" is invalid: patch: Invalid value: "map[spec:map[foo:1]]": strict decoding error: unknown field "spec.foo""#)
        let negative = try send(
            "PATCH", deployments + "/web", #"{"spec":{"replicas":-1}}"#, contentType: "application/merge-patch+json")
        #expect(negative.status == 422)
        #expect(
            negative.json["message"]
                == #"Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"#)
        #expect(negative.json.at("details", "causes") == [["reason": "FieldValueInvalid", "message": "Invalid value: -1: must be greater than or equal to 0", "field": "spec.replicas"]])
        #expect(negative.json.at("details", "group") == "apps")
        let stale = try send(
            "PATCH", deployments + "/web", #"{"metadata":{"resourceVersion":"1"},"spec":{"replicas":2}}"#,
            contentType: "application/merge-patch+json")
        #expect(stale.status == 409)
        #expect(fixture.store.get("deployments", namespace: "default", name: "web")?.at("spec", "replicas") == 1)
    }

    @Test func serverSideApplyIsCheckedInStructuredMergeDiffsWords() throws {
        let yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: many
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: web, image: nginx}]
            """
        let applied = try send(
            "PATCH", deployments + "/web", yaml, query: ["fieldManager": "test"], contentType: "application/apply-patch+yaml")
        #expect(applied.status == 500)
        #expect(
            applied.json["message"]
                == "failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.replicas: expected numeric (int or float), got string"
        )
    }

    @Test func namesWithControlCharactersAreRefused() throws {
        let r = try send("POST", "/api/v1/namespaces/default/configmaps", #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a\u0000b"}}"#)
        #expect(r.status == 422)
        #expect(r.json.at("details", "causes")?[0]?["message"]?.stringValue?.hasPrefix(#"Invalid value: "a\x00b": a lowercase RFC 1123 subdomain"#) == true)
    }
}

extension SimSchemaWriteTests {
    /// `kind/name: problems` for every stored object that does not decode cleanly against the schema.
    static func undecodableObjects(in store: ClusterStore) -> [String] {
        var problems: [String] = []
        for type in ResourceType.served {
            let gvk = GroupVersionKind(group: type.group, version: type.version, kind: type.kind)
            for object in store.list(type.name).items {
                guard let result = SchemaDecoder().decode(object, as: gvk) else { continue }
                if !result.typeErrors.isEmpty || !result.unknownFields.isEmpty {
                    let name = "\(type.name)/\(object.at("metadata", "name")?.stringValue ?? "?")"
                    problems.append("\(name): \(result.typeErrors.map(\.message)) \(result.unknownFields)")
                }
            }
        }
        return problems
    }

    /// The embedded cluster's own objects (topology, system pods, events) are valid 1.30 objects.
    @Test func theSimulatorsOwnObjectsDecodeCleanly() throws {
        #expect(fixture.store.list("nodes").items.count > 5)
        #expect(Self.undecodableObjects(in: fixture.store) == [])
    }
}

extension SimSchemaWriteTests {
    /// /openapi/v2 as JSON (kind schemas with descriptions and merge keys); protobuf-only clients get 406.
    @Test func openAPIv2IsServedAsJSON() throws {
        let v2 = try fixture.get("/openapi/v2", accept: "application/json")
        #expect(v2.status == 200)
        #expect(v2.json["swagger"] == "2.0")
        let containers = v2.json.at("definitions", "io.k8s.api.core.v1.PodSpec", "properties", "containers")
        #expect(containers?["x-kubernetes-patch-merge-key"] == "name")
        #expect(containers?.at("items", "$ref") == "#/definitions/io.k8s.api.core.v1.Container")
        #expect(v2.json.at("definitions", "io.k8s.api.apps.v1.Deployment", "x-kubernetes-group-version-kind") == [["group": "apps", "kind": "Deployment", "version": "v1"]])
        let protobuf = try fixture.get("/openapi/v2", accept: "application/com.github.proto-openapi.spec.v2@v1.0+protobuf")
        #expect(protobuf.status == 406)
        let v3 = try fixture.get("/openapi/v3/api/v1").json
        let resources = v3.at("components", "schemas", "io.k8s.api.core.v1.Container", "properties", "resources")
        #expect(resources?["allOf"] == [["$ref": "#/components/schemas/io.k8s.api.core.v1.ResourceRequirements"]])
        #expect(resources?["description"]?.stringValue?.hasPrefix("Compute Resources required by this container.") == true)
        let patch = v3.at("paths", "/api/v1/namespaces/{namespace}/pods/{name}", "patch")
        #expect(patch?.at("requestBody", "content", "application/strategic-merge-patch+json") != nil)
        #expect((patch?["parameters"]?.arrayValue ?? []).contains { $0["name"] == "fieldValidation" })
    }
}

extension SimSchemaWriteTests {
    /// What structured-merge-diff lets through but no Go field takes is refused, never stored.
    @Test func serverSideApplyStoresOnlyWhatTheGoTypesHold() throws {
        let yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: half}
            spec:
              replicas: 1.5
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: web, image: nginx, resources: {limits: {cpu: true}}}]
            """
        let applied = try send(
            "PATCH", deployments + "/half", yaml, query: ["fieldManager": "test"], contentType: "application/apply-patch+yaml")
        #expect(applied.status == 500)
        #expect(
            applied.json["message"]
                == #"failed to create typed patch object (default/half; apps/v1, Kind=Deployment): .spec.template.spec.containers[name="web"].resources.limits.cpu: expected any scalar, got &{true}"#
        )
        let fractional = try send(
            "PATCH", deployments + "/half", yaml.replacingOccurrences(of: "cpu: true", with: "cpu: 1"),
            query: ["fieldManager": "test"], contentType: "application/apply-patch+yaml")
        #expect(fractional.status == 500)
        #expect(
            fractional.json["message"]
                == "failed to convert the applied object to apps/v1, Kind=Deployment: json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32"
        )
        #expect(fixture.store.get("deployments", namespace: "default", name: "half") == nil)
    }
}
