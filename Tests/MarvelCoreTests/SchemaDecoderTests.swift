import Testing

@testable import MarvelCore

/// Decoding objects against the schema: the wording of each of the API server's readers.
@Suite struct SchemaDecoderTests {
    let deployment = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")

    func deploymentWith(container: JSONValue, extraSpec: JSONObject = [:]) -> JSONValue {
        var spec: JSONObject = [
            "replicas": 1, "selector": ["matchLabels": ["app": "web"]],
            "template": ["metadata": ["labels": ["app": "web"]], "spec": ["containers": [container]]],
        ]
        for m in extraSpec { spec[m.key] = m.value }
        return ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web"], "spec": .object(spec)]
    }

    func firstError(_ object: JSONValue, _ dialect: DecodeDialect = .json) -> String? {
        SchemaDecoder(dialect: dialect).decode(object, as: deployment)?.typeErrors.first?.message
    }

    @Test func jsonDecoderWording() {
        let env = deploymentWith(container: ["name": "web", "image": "nginx", "env": [["name": "A", "value": 12345]]])
        #expect(
            firstError(env)
                == "json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string"
        )
        #expect(
            firstError(deploymentWith(container: ["name": "web"], extraSpec: ["replicas": "2"]))
                == "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32")
        #expect(
            firstError(deploymentWith(container: ["name": "web"], extraSpec: ["replicas": 1.5]))
                == "json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32")
        #expect(
            firstError(deploymentWith(container: ["name": "web"], extraSpec: ["replicas": 3_000_000_000]))
                == "json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32"
        )
        #expect(
            firstError(deploymentWith(container: ["name": "web", "ports": ["containerPort": 80]]))
                == "json: cannot unmarshal object into Go struct field Container.spec.template.spec.containers.ports of type []v1.ContainerPort"
        )
        #expect(
            firstError(deploymentWith(container: ["name": "web", "resources": ["limits": ["cpu": "lots"]]]))
                == "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
        let labels: JSONValue = [
            "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p", "labels": ["tier": 3]],
        ]
        #expect(
            SchemaDecoder().decode(labels, as: GroupVersionKind(group: "", version: "v1", kind: "Pod"))?.typeErrors.first?
                .message == "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string")
    }

    @Test func onlyTheFirstTypeErrorCounts() {
        let object = deploymentWith(container: ["name": 1, "image": 2], extraSpec: ["replicas": "x"])
        let result = SchemaDecoder().decode(object, as: deployment)
        #expect(result?.typeErrors.count == 1)
        #expect(result?.typeErrors.first?.path == "spec.replicas")
    }

    @Test func unknownFieldsAreReportedAndDropped() throws {
        var object = deploymentWith(container: ["name": "web", "image": "nginx", "imagePullPolicy": "Always", "colour": "red"])
        object["spec"]?["foo"] = 1
        object["metadata"]?["labels"] = ["a": "b"]
        let result = try #require(SchemaDecoder().decode(object, as: deployment))
        #expect(result.typeErrors.isEmpty)
        #expect(result.unknownFields == ["spec.template.spec.containers[0].colour", "spec.foo"])
        #expect(result.unknownFieldMessages.last == "unknown field \"spec.foo\"")
        #expect(result.object.at("spec", "foo") == nil)
        #expect(result.object.at("spec", "template", "spec", "containers")?[0]?["colour"] == nil)
        #expect(result.object.at("spec", "template", "spec", "containers")?[0]?["imagePullPolicy"] == "Always")
    }

    @Test func nullsVanishAndNumbersSettle() throws {
        let object = deploymentWith(
            container: ["name": "web", "image": nil, "resources": ["requests": ["cpu": 0.5, "memory": 64]]],
            extraSpec: ["replicas": 2.0, "paused": nil])
        let result = try #require(SchemaDecoder().decode(object, as: deployment))
        #expect(result.typeErrors.isEmpty)
        #expect(result.object.at("spec", "replicas") == .int(2))
        #expect(result.object.at("spec")?.objectValue?.keys.contains("paused") == false)
        let container = result.object.at("spec", "template", "spec", "containers")?[0]
        #expect(container?.objectValue?.keys.contains("image") == false)
        #expect(container?.at("resources", "requests", "cpu") == "500m")
        #expect(container?.at("resources", "requests", "memory") == "64")
    }

    @Test func secretDataMustBeBase64() {
        let secret: JSONValue = ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s"], "data": ["k": "not base64!"]]
        let gvk = GroupVersionKind(group: "", version: "v1", kind: "Secret")
        #expect(SchemaDecoder().decode(secret, as: gvk)?.typeErrors.first?.message == "illegal base64 data at input byte 3")
        let good: JSONValue = ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s"], "data": ["k": "aGk="]]
        #expect(SchemaDecoder().decode(good, as: gvk)?.typeErrors.isEmpty == true)
    }

    @Test func timesFollowRFC3339() {
        let pod = GroupVersionKind(group: "", version: "v1", kind: "Pod")
        let object: JSONValue = ["metadata": ["name": "p", "creationTimestamp": "2024/01/01"]]
        #expect(
            SchemaDecoder().decode(object, as: pod)?.typeErrors.first?.message
                == #"parsing time "2024/01/01" as "2006-01-02T15:04:05Z07:00": cannot parse "/01/01" as "-""#)
        let fine: JSONValue = ["metadata": ["name": "p", "creationTimestamp": "2024-01-01T10:00:00Z"]]
        #expect(SchemaDecoder().decode(fine, as: pod)?.typeErrors.isEmpty == true)
    }

    @Test func unstructuredConverterWording() {
        let env = deploymentWith(container: ["name": "web", "env": [["name": "A", "value": 12345]]])
        #expect(firstError(env, .unstructured) == "cannot convert int64 to string")
        #expect(firstError(deploymentWith(container: ["name": true]), .unstructured) == "unrecognized type: string")
        #expect(
            firstError(deploymentWith(container: ["name": "web"], extraSpec: ["template": "x"]), .unstructured)
                == "cannot restore struct from: string")
        #expect(
            firstError(deploymentWith(container: ["name": "web", "ports": 80]), .unstructured)
                == "cannot restore slice from int64")
    }

    @Test func serverSideApplyWording() throws {
        var object = deploymentWith(container: ["name": "web", "env": [["name": "A", "value": 12345]]])
        object["spec"]?["replicas"] = "two"
        object["spec"]?["foo"] = true
        let result = try #require(SchemaDecoder(dialect: .apply).decode(object, as: deployment))
        #expect(
            result.typeErrors.map(\.message) == [
                ".spec.replicas: expected numeric (int or float), got string",
                #".spec.template.spec.containers[name="web"].env[name="A"].value: expected string, got &value.valueUnstructured{Value:12345}"#,
                ".spec.foo: field not declared in schema",
            ])
    }
}
