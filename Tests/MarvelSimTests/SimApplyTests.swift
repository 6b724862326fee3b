import Foundation
import MarvelCore
import Testing

@testable import MarvelSim

/// Server-side apply, create, delete and validation through the API handler.
@Suite struct SimApplyTests {
    let fixture: SimFixture
    init() throws { fixture = try SimFixture() }

    let configMapPath = "/api/v1/namespaces/default/configmaps/settings"

    @Test func applyCreatesThenMergesAndRecordsTheManager() throws {
        let first = try fixture.apply(
            configMapPath,
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, labels: {a: "1"}}
            data: {one: "1", two: "2"}
            """)
        #expect(first.status == 201)
        #expect(first.json.at("metadata", "namespace") == "default")
        #expect(first.json.at("metadata", "managedFields")?[0]?["manager"] == "test")
        #expect(first.json.at("metadata", "managedFields")?[0]?["operation"] == "Apply")
        #expect(first.json.at("metadata", "managedFields")?[0]?.at("fieldsV1", "f:data", "f:one") == [:])
        // JSON is YAML too: re-apply merges into the stored object. Another manager changing
        // test's data.two conflicts, as on a real server, unless forced (it then owns the field).
        let other = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","labels":{"b":"2"}},"data":{"two":"22"}}"#
        #expect(try fixture.apply(configMapPath, other, manager: "other").status == 409)
        let second = try fixture.apply(configMapPath, other, manager: "other", extra: ["force": "true"])
        #expect(second.status == 200)
        #expect(second.json["data"] == ["one": "1", "two": "22"])
        #expect(second.json.at("metadata", "labels") == ["a": "1", "b": "2"])
        let managers = (second.json.at("metadata", "managedFields")?.arrayValue ?? []).compactMap { $0["manager"]?.stringValue }
        #expect(managers == ["test", "other"])
        #expect(second.json.at("metadata", "uid") == first.json.at("metadata", "uid"))
        #expect(fixture.store.get("configmaps", namespace: "default", name: "settings")?["data"]?["two"] == "22")
    }

    @Test func namedListsMergeByNameAndGenerationCountsSpecChanges() throws {
        let path = "/apis/apps/v1/namespaces/default/deployments/web"
        let created = try fixture.apply(path, deploymentYAML("web", replicas: 1))
        #expect(created.status == 201)
        #expect(created.json.at("metadata", "generation") == 1)
        let sidecar = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 3
              template:
                spec:
                  containers:
                  - name: sidecar
                    image: busybox:1.36
                  - name: main
                    image: nginx:1.28
            """
        // Another manager (forced past the fields it changes): the first manager's fields it
        // does not send (selector, resources) stay, as on a real server; the same manager
        // leaving them out would remove them.
        let merged = try fixture.apply(path, sidecar, manager: "other", extra: ["force": "true"]).json
        #expect(merged.at("metadata", "generation") == 2)
        #expect(merged.at("spec", "replicas") == 3)
        let containers = merged.at("spec", "template", "spec", "containers")?.arrayValue ?? []
        #expect(containers.compactMap { $0["name"]?.stringValue } == ["sidecar", "main"])
        #expect(containers[1]["image"] == "nginx:1.28")
        #expect(containers[1].at("resources", "requests", "cpu") == "100m")  // kept from the first apply
        #expect(merged.at("spec", "selector", "matchLabels") == ["app": "web"])
    }

    @Test func dryRunReturnsTheObjectAndStoresNothing() throws {
        let before = fixture.store.resourceVersion
        let r = try fixture.apply(
            configMapPath, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {k: v}\n",
            extra: ["dryRun": "All"])
        #expect(r.status == 201)
        #expect(r.json["data"] == ["k": "v"])
        #expect(fixture.store.get("configmaps", namespace: "default", name: "settings") == nil)
        #expect(fixture.store.resourceVersion == before)
    }

    @Test func fieldManagerIsRequired() throws {
        let r = try fixture.apply(configMapPath, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n", manager: nil)
        #expect(r.status == 422)
        #expect(r.json["reason"] == "Invalid")
        #expect(
            r.json["message"]
                == #"PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch"#)
    }

    @Test func invalidObjectsAre422WithCauses() throws {
        let r = try fixture.apply(
            "/api/v1/namespaces/default/configmaps/Bad_Name", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n")
        #expect(r.status == 422)
        #expect(r.json["reason"] == "Invalid")
        let fields = (r.json.at("details", "causes")?.arrayValue ?? []).compactMap { $0["field"]?.stringValue }
        #expect(fields == ["metadata.name"])
        #expect(r.json["message"]?.stringValue?.hasPrefix("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain") == true)
        // The kind must be the URL's.
        let wrongKind = try fixture.apply(configMapPath, "apiVersion: apps/v1\nkind: Service\nmetadata: {name: settings}\n")
        #expect(wrongKind.status == 400)
        // The name in the body must be the one in the URL.
        let mismatch = try fixture.apply(configMapPath, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n")
        #expect(mismatch.status == 400)
        // Two documents are refused.
        let two = try fixture.apply(configMapPath, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n---\na: 1\n")
        #expect(two.status == 400)
    }

    @Test func postCreatesDeleteReturnsTheObjectAndServicesGetAClusterIP() throws {
        let body = #"{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}}"#
        let created = try fixture.send("POST", "/api/v1/namespaces/default/services", body: body)
        #expect(created.status == 201)
        #expect(created.json.at("spec", "type") == "ClusterIP")
        #expect(created.json.at("spec", "clusterIP")?.stringValue?.hasPrefix("10.") == true)
        #expect(created.json.at("spec", "ports")?[0]?["targetPort"] == 80)
        #expect(try fixture.send("POST", "/api/v1/namespaces/default/services", body: body).status == 409)
        let deleted = try fixture.send("DELETE", "/api/v1/namespaces/default/services/web")
        #expect(deleted.status == 200)
        #expect(deleted.json.at("metadata", "name") == "web")
        #expect(try fixture.send("DELETE", "/api/v1/namespaces/default/services/web").status == 404)
    }

    @Test func unknownPatchTypeIs415() throws {
        let r = try fixture.send("PATCH", configMapPath, contentType: "application/xml", body: "<a/>")
        #expect(r.status == 415)
        #expect(r.json["reason"] == "UnsupportedMediaType")
    }

    @Test func openAPIv3AdvertisesServerSideFieldValidation() throws {
        let index = try fixture.get("/openapi/v3").json
        let url = try #require(index.at("paths", "apis/apps/v1", "serverRelativeURL")?.stringValue)
        #expect(url.hasPrefix("/openapi/v3/apis/apps/v1?hash="))
        let doc = try fixture.get("/openapi/v3/apis/apps/v1").json
        let patch = try #require(doc.at("paths", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "patch"))
        #expect(patch["x-kubernetes-group-version-kind"] == ["group": "apps", "kind": "Deployment", "version": "v1"])
        let params = (patch["parameters"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        #expect(params.contains("fieldValidation"))
        #expect(try fixture.get("/openapi/v3/apis/nope/v1").status == 404)
    }

    @Test func namespacesAreCreatedAndDeletedWithTheirObjects() throws {
        let ns = try fixture.apply("/api/v1/namespaces/team", "apiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n")
        #expect(ns.status == 201)
        #expect(ns.json.at("status", "phase") == "Active")
        #expect(ns.json.at("metadata", "labels", "kubernetes.io/metadata.name") == "team")
        let cm = try fixture.apply(
            "/api/v1/namespaces/team/configmaps/c", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n")
        #expect(cm.status == 201)
        #expect(fixture.store.get("serviceaccounts", namespace: "team", name: "default") != nil)
        let deleted = try fixture.send("DELETE", "/api/v1/namespaces/team")
        #expect(deleted.status == 200)
        #expect(deleted.json.at("status", "phase") == "Terminating")
        #expect(deleted.json.at("metadata", "deletionTimestamp") != nil)
        // Nothing new goes into a namespace that is being deleted.
        let refused = try fixture.apply(
            "/api/v1/namespaces/team/configmaps/d", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\n")
        #expect(refused.status == 403)
        #expect(
            refused.json["message"]
                == "configmaps \"d\" is forbidden: unable to create new content in namespace team because it is being terminated")
        #expect(refused.json["details"]?["causes"]?[0]?["reason"] == "NamespaceTerminating")
        // The namespace controller empties it, then it is gone.
        let ticker = Ticker(Reconciler(store: fixture.store))
        #expect(ticker.run { fixture.store.get("namespaces", name: "team") == nil })
        #expect(fixture.store.get("configmaps", namespace: "team", name: "c") == nil)
        #expect(fixture.store.get("serviceaccounts", namespace: "team", name: "default") == nil)
        #expect(try fixture.apply("/api/v1/namespaces/team/configmaps/e", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: e}\n").status == 404)
    }

    @Test func aFinalizerKeepsItsNamespaceTerminatingUntilRemoved() throws {
        #expect(try fixture.apply("/api/v1/namespaces/held", "apiVersion: v1\nkind: Namespace\nmetadata: {name: held}\n").status == 201)
        let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, finalizers: [example.com/hold]}\n"
        #expect(try fixture.apply("/api/v1/namespaces/held/configmaps/c", cm).status == 201)
        #expect(try fixture.send("DELETE", "/api/v1/namespaces/held").status == 200)
        let ticker = Ticker(Reconciler(store: fixture.store))
        for _ in 0..<3 { ticker.tick() }
        let ns = try #require(fixture.store.get("namespaces", name: "held"))
        #expect(ns.at("status", "phase") == "Terminating")
        let conditions = ns.at("status", "conditions")?.arrayValue ?? []
        let finalizers = conditions.first { $0["type"] == "NamespaceFinalizersRemaining" }
        #expect(finalizers?["status"] == "True")
        #expect(finalizers?["message"] == "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances")
        let held = try #require(fixture.store.get("configmaps", namespace: "held", name: "c"))
        #expect(held.at("metadata", "deletionTimestamp") != nil)
        // Removing the finalizer lets the object, then the namespace, go.
        let patch = try fixture.send(
            "PATCH", "/api/v1/namespaces/held/configmaps/c", contentType: "application/merge-patch+json",
            body: #"{"metadata":{"finalizers":null}}"#)
        #expect(patch.status == 200)
        #expect(fixture.store.get("configmaps", namespace: "held", name: "c") == nil)
        #expect(ticker.run { fixture.store.get("namespaces", name: "held") == nil })
    }

    @Test func orphanPropagationKeepsDependents() throws {
        let ticker = Ticker(Reconciler(store: fixture.store))
        let path = "/apis/apps/v1/namespaces/marvel/deployments/keep"
        #expect(try fixture.apply(path, deploymentYAML("keep", replicas: 1)).status == 201)
        ticker.tick()
        #expect(fixture.pods("marvel", prefix: "keep-").count == 1)
        #expect(try fixture.send("DELETE", path, body: #"{"propagationPolicy":"Orphan"}"#).status == 200)
        #expect(fixture.pods("marvel", prefix: "keep-").count == 1)
    }
}
