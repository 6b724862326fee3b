import MarvelCore
import Testing

@testable import MarvelSim

/// Strategic merge patch as kube-apiserver applies it: merge keys and strategies from the schema, every directive.
@Suite struct StrategicMergePatchTests {
    let deployment = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")
    let pod = GroupVersionKind(group: "", version: "v1", kind: "Pod")

    func patch(_ original: String, _ patch: String, _ gvk: GroupVersionKind) throws -> JSONValue {
        try StrategicMergePatch().apply(JSONValue.parse(patch), to: JSONValue.parse(original), as: gvk)
    }

    func podSpec(_ original: String, _ patchText: String) throws -> JSONValue {
        try patch(#"{"spec":\#(original)}"#, #"{"spec":\#(patchText)}"#, pod)["spec"] ?? .null
    }

    func names(_ list: JSONValue?) -> [String] { (list?.arrayValue ?? []).compactMap { $0["name"]?.stringValue } }

    @Test func containersMergeByName() throws {
        let original = #"{"containers":[{"name":"web","image":"nginx:1","ports":[{"containerPort":80}],"resources":{"limits":{"cpu":"1"}}}]}"#
        // Changing the image keeps ports and resources.
        let image = try podSpec(original, #"{"containers":[{"name":"web","image":"nginx:2"}]}"#)
        #expect(image["containers"] == (try JSONValue.parse(#"[{"name":"web","image":"nginx:2","ports":[{"containerPort":80}],"resources":{"limits":{"cpu":"1"}}}]"#)))
        // A new name adds a sidecar; without $setElementOrder the patch's items come first, as upstream.
        let sidecar = try podSpec(original, #"{"containers":[{"name":"log","image":"busybox"}]}"#)
        #expect(names(sidecar["containers"]) == ["log", "web"])
        #expect(sidecar["containers"]?[1]?["image"] == "nginx:1")
        #expect(sidecar["containers"]?[1]?["ports"] == [["containerPort": 80]])
        // initContainers and volumes merge by name too.
        let inits = try podSpec(
            #"{"initContainers":[{"name":"a","image":"x"}],"volumes":[{"name":"data","emptyDir":{}}]}"#,
            #"{"initContainers":[{"name":"b","image":"y"}],"volumes":[{"name":"cache","emptyDir":{}}]}"#)
        #expect(names(inits["initContainers"]) == ["b", "a"])
        #expect(names(inits["volumes"]) == ["cache", "data"])
    }

    @Test func envMergesByNameAndPortsByContainerPort() throws {
        let original = #"{"containers":[{"name":"web","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"ports":[{"containerPort":80,"name":"http"},{"containerPort":443}]}]}"#
        let result = try podSpec(
            original, #"{"containers":[{"name":"web","env":[{"name":"B","value":"3"},{"name":"C","value":"4"}],"ports":[{"containerPort":80,"protocol":"TCP"}]}]}"#)
        let container = result["containers"]?[0]
        #expect(container?["env"] == (try JSONValue.parse(#"[{"name":"A","value":"1"},{"name":"B","value":"3"},{"name":"C","value":"4"}]"#)))
        #expect(container?["ports"] == (try JSONValue.parse(#"[{"containerPort":80,"name":"http","protocol":"TCP"},{"containerPort":443}]"#)))
    }

    @Test func tolerationsAndArgsAreReplaced() throws {
        let result = try podSpec(
            #"{"tolerations":[{"key":"a","operator":"Exists"}],"containers":[{"name":"web","args":["x","y"]}]}"#,
            #"{"tolerations":[{"key":"b","operator":"Exists"}],"containers":[{"name":"web","args":["z"]}]}"#)
        #expect(result["tolerations"] == [["key": "b", "operator": "Exists"]])
        #expect(result["containers"]?[0]?["args"] == ["z"])
    }

    @Test func nullDeletesAKey() throws {
        let result = try patch(
            #"{"metadata":{"labels":{"a":"1","b":"2"}},"spec":{"replicas":3,"paused":true}}"#,
            #"{"metadata":{"labels":{"a":null}},"spec":{"paused":null,"minReadySeconds":{"x":null}}}"#, deployment)
        #expect(result.at("metadata", "labels") == ["b": "2"])
        #expect(result.at("spec") == ["replicas": 3, "minReadySeconds": [:]])
    }

    @Test func patchDeleteRemovesAListItemOrAMap() throws {
        let result = try podSpec(
            #"{"containers":[{"name":"web"},{"name":"log"}],"affinity":{"nodeAffinity":{}}}"#,
            #"{"containers":[{"$patch":"delete","name":"log"}],"affinity":{"$patch":"delete"}}"#)
        #expect(names(result["containers"]) == ["web"])
        #expect(result["affinity"] == [:])
    }

    @Test func patchReplaceReplacesAListOrAMap() throws {
        let result = try podSpec(
            #"{"containers":[{"name":"web","image":"a"},{"name":"log"}],"securityContext":{"runAsUser":1,"fsGroup":2}}"#,
            #"{"containers":[{"name":"new","image":"b"},{"$patch":"replace"}],"securityContext":{"$patch":"replace","runAsUser":5}}"#)
        #expect(result["containers"] == [["name": "new", "image": "b"]])
        #expect(result["securityContext"] == ["runAsUser": 5])
    }

    @Test func patchMergeIsRefusedAsTheServerRefusesIt() throws {
        #expect(throws: PatchError.unclassified("merging lists cannot yet be specified in the patch")) {
            try podSpec(#"{"containers":[{"name":"web"}]}"#, #"{"containers":[{"$patch":"merge"}]}"#)
        }
        #expect(throws: PatchError.self) { try podSpec(#"{"affinity":{}}"#, #"{"affinity":{"$patch":"merge"}}"#) }
    }

    @Test func setElementOrderOrdersTheMergedList() throws {
        let result = try podSpec(
            #"{"containers":[{"name":"a","image":"1"},{"name":"b","image":"2"},{"name":"c","image":"3"}]}"#,
            #"{"$setElementOrder/containers":[{"name":"c"},{"name":"a"},{"name":"b"}],"containers":[{"name":"a","image":"9"}]}"#)
        #expect(names(result["containers"]) == ["c", "a", "b"])
        #expect(result["containers"]?[1]?["image"] == "9")
        #expect(result["$setElementOrder/containers"] == nil)
        // A primitive list (finalizers merge) follows its order list too.
        let finalizers = try patch(
            #"{"metadata":{"finalizers":["a","b"]}}"#,
            #"{"metadata":{"$setElementOrder/finalizers":["c","a","b"],"finalizers":["c"]}}"#, pod)
        #expect(finalizers.at("metadata", "finalizers") == ["c", "a", "b"])
    }

    @Test func retainKeysClearsWhatIsNotListed() throws {
        let result = try patch(
            #"{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%"}}}}"#,
            #"{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}"#, deployment)
        #expect(result.at("spec", "strategy") == ["type": "Recreate"])
        #expect(throws: PatchError.badPatchFormatForRetainKeys) {
            try patch(#"{"spec":{"strategy":{}}}"#, #"{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":{}}}}"#, deployment)
        }
    }

    @Test func deleteFromPrimitiveListAndMergedPrimitiveLists() throws {
        let result = try patch(
            #"{"metadata":{"finalizers":["a","b","c"]}}"#,
            #"{"metadata":{"$deleteFromPrimitiveList/finalizers":["b"],"finalizers":["d"]}}"#, pod)
        #expect(result.at("metadata", "finalizers") == ["d", "a", "c"])
    }

    @Test func newValuesLoseNullsAndDirectives() throws {
        let result = try podSpec(
            #"{"containers":[{"name":"web"}]}"#,
            #"{"affinity":{"nodeAffinity":null,"podAffinity":{"a":{"$patch":"delete"}}},"nodeSelector":{"x":null,"y":"1"}}"#)
        #expect(result["affinity"] == ["podAffinity": [:]])
        #expect(result["nodeSelector"] == ["y": "1"])
    }

    @Test func missingMergeKeyIsAnError() throws {
        #expect(throws: PatchError.self) { try podSpec(#"{"containers":[{"name":"web"}]}"#, #"{"containers":[{"image":"x"}]}"#) }
    }

    @Test func kubectlThreeWayPatchOfAChangedDeployment() throws {
        // What kubectl apply sends when the manifest's image changes and an env var goes.
        let live = #"{"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"web","image":"nginx:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"ports":[{"containerPort":80,"protocol":"TCP"}],"resources":{"requests":{"cpu":"100m"}}}]}}}}"#
        let sent = #"{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],"containers":[{"$setElementOrder/env":[{"name":"A"}],"env":[{"$patch":"delete","name":"B"}],"image":"nginx:2","name":"web"}]}}}}"#
        let result = try patch(live, sent, deployment)
        let container = result.at("spec", "template", "spec", "containers")?[0]
        #expect(container?["image"] == "nginx:2")
        #expect(container?["env"] == [["name": "A", "value": "1"]])
        #expect(container?["ports"] == [["containerPort": 80, "protocol": "TCP"]])
        #expect(container?.at("resources", "requests", "cpu") == "100m")
        #expect(!result.jsonString().contains("$"))
    }
}

/// JSON patch (RFC 6902) and JSON merge patch (RFC 7386).
@Suite struct JSONPatchTests {
    func apply(_ doc: String, _ ops: String) throws -> JSONValue {
        try JSONPatch.apply(JSONPatch.operations(JSONValue.parse(ops)), to: JSONValue.parse(doc))
    }

    @Test func everyOperation() throws {
        let doc = #"{"spec":{"replicas":1,"list":["a","b"],"old":1}}"#
        let result = try apply(
            doc,
            #"[{"op":"test","path":"/spec/replicas","value":1},{"op":"replace","path":"/spec/replicas","value":3},{"op":"add","path":"/spec/list/1","value":"x"},{"op":"add","path":"/spec/list/-","value":"z"},{"op":"remove","path":"/spec/list/0"},{"op":"move","from":"/spec/old","path":"/spec/new"},{"op":"copy","from":"/spec/new","path":"/spec/copy"},{"op":"add","path":"/spec/a~1b","value":true}]"#)
        #expect(result == (try JSONValue.parse(#"{"spec":{"replicas":3,"list":["x","b","z"],"new":1,"copy":1,"a/b":true}}"#)))
    }

    @Test func failuresAreWordedAsTheServerWordsThem() {
        let doc = #"{"spec":{"replicas":1}}"#
        #expect(throws: PatchError.unprocessable("testing value /spec/replicas failed: test failed")) {
            try apply(doc, #"[{"op":"test","path":"/spec/replicas","value":2}]"#)
        }
        #expect(throws: PatchError.unprocessable(#"add operation does not apply: doc is missing path: "/spec/a/b": missing value"#)) {
            try apply(doc, #"[{"op":"add","path":"/spec/a/b","value":2}]"#)
        }
        #expect(throws: PatchError.unprocessable("error in remove for path: '/spec/x': Unable to remove nonexistent key: x: missing value")) {
            try apply(doc, #"[{"op":"remove","path":"/spec/x"}]"#)
        }
        #expect(throws: PatchError.unprocessable("replace operation does not apply: doc is missing key: /spec/x: missing value")) {
            try apply(doc, #"[{"op":"replace","path":"/spec/x","value":1}]"#)
        }
        #expect(throws: PatchError.unprocessable("Unexpected kind: bogus")) { try apply(doc, #"[{"op":"bogus","path":"/x"}]"#) }
        #expect(throws: PatchError.self) { try apply(doc, #"{"op":"add"}"#) }
        // All or nothing: a failing operation leaves nothing applied (the caller keeps the original).
    }

    @Test func mergePatchFollowsRFC7386() throws {
        let target = try JSONValue.parse(#"{"a":"b","c":{"d":"e","f":"g"},"l":[1,2]}"#)
        let result = MergePatch.apply(try JSONValue.parse(#"{"a":"z","c":{"f":null,"h":{"i":null}},"l":[3]}"#), to: target)
        #expect(result == (try JSONValue.parse(#"{"a":"z","c":{"d":"e","h":{}},"l":[3]}"#)))
    }
}
