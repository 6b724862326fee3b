import Foundation
import MarvelCore
import MarvelNet
import Testing

@testable import MarvelSim

@Suite struct SimHandlerTests {
    let fixture: SimFixture
    init() throws { fixture = try SimFixture() }

    // MARK: discovery

    @Test func versionAndHealth() throws {
        let (status, v) = try fixture.get("/version")
        #expect(status == 200)
        #expect(v["gitVersion"] == "v1.30.0-marvdash")
        #expect(v["major"] == "1" && v["minor"] == "30")
        #expect(v["platform"]?.stringValue?.hasPrefix("linux/") == true)
        for path in ["/healthz", "/livez", "/readyz"] {
            let r = fixture.handler.handle(ServerRequest(method: "GET", path: path))
            guard case .bytes(let body) = r.body else {
                Issue.record("\(path) streamed")
                continue
            }
            #expect(r.status == 200 && String(decoding: body, as: UTF8.self) == "ok")
        }
    }

    @Test func apiVersionsAndGroups() throws {
        let api = try fixture.get("/api").json
        #expect(api["kind"] == "APIVersions")
        #expect(api["versions"] == ["v1"])
        #expect(api["serverAddressByClientCIDRs"]?[0]?["serverAddress"] == "127.0.0.1:6443")
        let apis = try fixture.get("/apis").json
        #expect(apis["kind"] == "APIGroupList")
        let groups = (apis["groups"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        #expect(
            groups == [
                "apps", "batch", "autoscaling", "policy", "networking.k8s.io", "discovery.k8s.io", "storage.k8s.io",
                "rbac.authorization.k8s.io", "authorization.k8s.io", "authentication.k8s.io",
            ])
        #expect(fixture.contentType("/api") == "application/json")
    }

    @Test func coreResourceList() throws {
        let list = try fixture.get("/api/v1").json
        #expect(list["kind"] == "APIResourceList")
        #expect(list["groupVersion"] == "v1")
        let resources = list["resources"]?.arrayValue ?? []
        let byName = Dictionary(uniqueKeysWithValues: resources.map { ($0["name"]?.stringValue ?? "", $0) })
        #expect(
            Set(byName.keys) == [
                "nodes", "namespaces", "pods", "pods/log", "pods/eviction", "pods/exec", "pods/attach", "pods/portforward",
                "services", "endpoints", "configmaps", "secrets", "events", "serviceaccounts", "persistentvolumeclaims",
                "persistentvolumes",
            ])
        #expect(byName["pods/log"]?["verbs"] == ["get"])
        // kubectl drain looks for the policy/v1 Eviction kind here before it evicts.
        #expect(byName["pods/eviction"]?["group"] == "policy" && byName["pods/eviction"]?["version"] == "v1")
        #expect(byName["pods/eviction"]?["kind"] == "Eviction" && byName["pods/eviction"]?["verbs"] == ["create"])
        #expect(byName["pods"]?["categories"] == ["all"] && byName["services"]?["categories"] == ["all"])
        #expect(byName["configmaps"]?["categories"] == nil)
        #expect(byName["pods"]?["namespaced"] == true)
        #expect(byName["pods"]?["kind"] == "Pod")
        #expect(byName["pods"]?["singularName"] == "pod")
        #expect(byName["pods"]?["shortNames"] == ["po"])
        #expect(byName["nodes"]?["namespaced"] == false)
        #expect(byName["nodes"]?["shortNames"] == ["no"])
        #expect(byName["namespaces"]?["shortNames"] == ["ns"])
        #expect(byName["nodes"]?["verbs"] == ["get", "list", "patch", "watch"])
    }

    // MARK: list and get

    @Test func nodeListShape() throws {
        let (status, list) = try fixture.get("/api/v1/nodes")
        #expect(status == 200)
        #expect(list["kind"] == "NodeList")
        #expect(list["apiVersion"] == "v1")
        #expect(list.at("metadata", "resourceVersion") == .string(String(fixture.store.resourceVersion)))
        #expect(list.items.count == fixture.store.count("nodes"))
        #expect(list.items.allSatisfy { $0["kind"] == nil && $0["apiVersion"] == nil })
        #expect(
            list.items.allSatisfy { $0.at("metadata", "uid") != nil && $0.at("metadata", "resourceVersion") != nil })
    }

    @Test func getOneNodeAndPod() throws {
        let node = try fixture.get("/api/v1/nodes/grnedge1").json
        #expect(node["kind"] == "Node" && node["apiVersion"] == "v1")
        #expect(node.name == "grnedge1")
        let dns = try #require(fixture.store.list("pods").items.first { $0.labelMap["k8s-app"] == "kube-dns" })
        let pod = try fixture.get("/api/v1/namespaces/kube-system/pods/\(dns.name)").json
        #expect(pod["kind"] == "Pod")
        #expect(pod == dns)
        let ns = try fixture.get("/api/v1/namespaces/marvel").json
        #expect(ns.at("status", "phase") == "Active")
    }

    @Test func namespacedAndClusterWidePodLists() throws {
        let all = try fixture.get("/api/v1/pods").json
        #expect(all["kind"] == "PodList")
        let system = try fixture.get("/api/v1/namespaces/kube-system/pods").json
        #expect(system.items.count == all.items.count)  // every seeded pod is a system pod
        #expect(try fixture.get("/api/v1/namespaces/marvel/pods").json.items.isEmpty)
        #expect(try fixture.get("/api/v1/namespaces/nowhere/pods").json.items.isEmpty)
    }

    @Test func missingObjectIsNotFoundStatus() throws {
        let (status, body) = try fixture.get("/api/v1/namespaces/default/pods/x")
        #expect(status == 404)
        #expect(body["kind"] == "Status")
        #expect(body["status"] == "Failure")
        #expect(body["reason"] == "NotFound")
        #expect(body["message"] == "pods \"x\" not found")
        #expect(body["code"] == 404)
        #expect(body.at("details", "name") == "x")
        #expect(body.at("details", "kind") == "pods")
        #expect(try fixture.get("/api/v1/nodes/nope").json["message"] == "nodes \"nope\" not found")
    }

    @Test func unknownPathsAreNotFound() throws {
        for path in [
            "/api/v2", "/api/v1/widgets", "/apis/extensions/v1beta1", "/openapi/v3/apis/extensions/v1", "/nothing", "/api/v1/pods/x",
        ] {
            let (status, body) = try fixture.get(path)
            #expect(status == 404, "\(path)")
            #expect(body["reason"] == "NotFound", "\(path)")
        }
    }

    @Test func unsupportedVerbIsMethodNotAllowed() throws {
        let cases = [
            ("POST", "/api/v1/nodes"), ("DELETE", "/api/v1/nodes/psnc-cloud1"),
            ("PUT", "/api/v1/namespaces/default/pods"), ("DELETE", "/api/v1/namespaces/default/pods"),
            ("POST", "/api/v1/namespaces/default/pods/x/log"),
        ]
        for (method, path) in cases {
            let r = fixture.handler.handle(ServerRequest(method: method, path: path))
            #expect(r.status == 405)
            guard case .bytes(let body) = r.body else { continue }
            let status = try JSONValue.parse(body)
            #expect(status["reason"] == "MethodNotAllowed")
            #expect(status["code"] == 405)
        }
    }

    // MARK: selectors

    @Test func labelSelectorFiltersPods() throws {
        let dns = try fixture.get("/api/v1/namespaces/kube-system/pods", query: ["labelSelector": "k8s-app=kube-dns"])
            .json
        #expect(dns.items.count == 2)
        #expect(dns.items.allSatisfy { $0.name.hasPrefix("coredns-") })
        let set = try fixture.get("/api/v1/pods", query: ["labelSelector": "k8s-app in (kube-dns,metrics-server)"]).json
        #expect(set.items.count == 3)
        let notProxy = try fixture.get("/api/v1/pods", query: ["labelSelector": "k8s-app,k8s-app!=kube-proxy"]).json
        #expect(!notProxy.items.isEmpty && notProxy.items.allSatisfy { $0.labelMap["k8s-app"] != "kube-proxy" })
        let noApp = try fixture.get("/api/v1/pods", query: ["labelSelector": "!k8s-app"]).json
        #expect(noApp.items.allSatisfy { $0.labelMap["k8s-app"] == nil })
        #expect(noApp.items.contains { $0.labelMap["tier"] == "control-plane" })
    }

    @Test func labelSelectorOnNodes() throws {
        let pis = try fixture.get(
            "/api/v1/nodes", query: ["labelSelector": "kubernetes.io/arch=arm64,marvdash.io/site==MT"]
        ).json
        #expect(Set(pis.items.map(\.name)) == ["mtedge1", "mtedge2"])
        let notEdge = try fixture.get("/api/v1/nodes", query: ["labelSelector": "marvdash.io/layer notin (edge)"]).json
        #expect(notEdge.items.allSatisfy { $0.labelMap["marvdash.io/layer"] != "edge" })
        #expect(notEdge.items.count == fixture.store.count("nodes") - 4)
    }

    @Test func badLabelSelectorIsBadRequest() throws {
        let (status, body) = try fixture.get("/api/v1/pods", query: ["labelSelector": "app in (a,b"])
        #expect(status == 400)
        #expect(body["reason"] == "BadRequest")
        #expect(body["message"]?.stringValue?.contains("app in (a,b") == true)
    }

    @Test func fieldSelectorFiltersPods() throws {
        let onEdge = try fixture.get("/api/v1/pods", query: ["fieldSelector": "spec.nodeName=grnedge1"]).json
        #expect(!onEdge.items.isEmpty && onEdge.items.allSatisfy { $0.at("spec", "nodeName") == "grnedge1" })
        let notRunning = try fixture.get("/api/v1/pods", query: ["fieldSelector": "status.phase!=Running"]).json
        #expect(notRunning.items.isEmpty)
        let byName = try fixture.get("/api/v1/nodes", query: ["fieldSelector": "metadata.name=mtedge1"]).json
        #expect(byName.items.map(\.name) == ["mtedge1"])
        let ns = try fixture.get(
            "/api/v1/pods", query: ["fieldSelector": "metadata.namespace==kube-system,spec.nodeName!=grnedge1"]
        ).json
        #expect(ns.items.allSatisfy { $0.at("spec", "nodeName") != "grnedge1" })
        let (status, body) = try fixture.get("/api/v1/pods", query: ["fieldSelector": "spec.bogus=1"])
        #expect(status == 400)
        #expect(body["message"]?.stringValue?.contains("field label not supported: spec.bogus") == true)
        // Issue 12: an unescaped '=' in a value is refused as kube-apiserver refuses it.
        let (tripled, refusal) = try fixture.get("/api/v1/pods", query: ["fieldSelector": "spec.nodeName==="])
        #expect(tripled == 400)
        #expect(refusal["reason"] == "BadRequest")
        #expect(refusal["message"]?.stringValue == "invalid field selector: unescaped character in value: 61")
    }

    // MARK: pagination

    @Test func paginationVisitsEveryPodOnce() throws {
        let all = try fixture.get("/api/v1/pods").json.items.map(\.name)
        var seen: [String] = []
        var token: String?
        var pages = 0
        repeat {
            var query = ["limit": "7"]
            if let token { query["continue"] = token }
            let page = try fixture.get("/api/v1/pods", query: query).json
            #expect(page.items.count <= 7)
            seen += page.items.map(\.name)
            token = page.at("metadata", "continue")?.stringValue
            if let remaining = page.at("metadata", "remainingItemCount")?.intValue {
                #expect(remaining == all.count - seen.count)
            }
            pages += 1
        } while token != nil && pages < 100
        #expect(seen == all)
        #expect(pages == (all.count + 6) / 7)
    }

    @Test func paginationWithSelector() throws {
        let page1 = try fixture.get("/api/v1/pods", query: ["limit": "1", "labelSelector": "k8s-app=kube-dns"]).json
        #expect(page1.items.count == 1)
        let token = try #require(page1.at("metadata", "continue")?.stringValue)
        let page2 = try fixture.get(
            "/api/v1/pods", query: ["limit": "1", "labelSelector": "k8s-app=kube-dns", "continue": token]
        ).json
        #expect(page2.items.count == 1)
        #expect(page2.items[0].name != page1.items[0].name)
        #expect(page2.at("metadata", "continue") == nil)
    }

    @Test func badContinueAndLimitAreBadRequest() throws {
        #expect(try fixture.get("/api/v1/pods", query: ["continue": "garbage!"]).status == 400)
        #expect(try fixture.get("/api/v1/pods", query: ["limit": "ten"]).status == 400)
    }

    // MARK: tables

    @Test func nodeTable() throws {
        let (status, table) = try fixture.get("/api/v1/nodes", query: ["limit": "500"], accept: kubectlTableAccept)
        #expect(status == 200)
        #expect(table["kind"] == "Table")
        #expect(table["apiVersion"] == "meta.k8s.io/v1")
        let columns = (table["columnDefinitions"]?.arrayValue ?? []).filter { $0["priority"] == 0 }.compactMap {
            $0["name"]?.stringValue
        }
        #expect(columns == ["Name", "Status", "Roles", "Age", "Version"])
        let rows = table["rows"]?.arrayValue ?? []
        #expect(rows.count == fixture.store.count("nodes"))
        func row(_ name: String) -> [JSONValue] {
            rows.first { $0["cells"]?[0]?.stringValue == name }?["cells"]?.arrayValue ?? []
        }
        #expect(row("psnc-cloud1")[1] == "Ready")
        #expect(row("psnc-cloud1")[2] == "control-plane")
        #expect(row("psnc-cloud1")[3] == "412d")
        #expect(row("psnc-cloud2")[2] == "<none>")
        #expect(row("mtedge2")[1] == "NotReady")
        #expect(row("mtedge2")[4] == "v1.30.2")
        let object = try #require(rows.first?["object"])
        #expect(object["kind"] == "PartialObjectMetadata")
        #expect(object.at("metadata", "name") != nil && object.at("metadata", "creationTimestamp") != nil)
        #expect(fixture.contentType("/api/v1/nodes", accept: kubectlTableAccept)?.contains("as=Table") == true)
    }

    @Test func cordonedNodeShowsSchedulingDisabled() throws {
        try fixture.store.modify("nodes", name: "psnc-cloud2") { $0["spec"]?["unschedulable"] = true }
        let table = try fixture.get("/api/v1/nodes/psnc-cloud2", accept: kubectlTableAccept).json
        let rows = table["rows"]?.arrayValue ?? []
        #expect(rows.count == 1)
        #expect(rows.first?["cells"]?[1] == "Ready,SchedulingDisabled")
    }

    @Test func podTable() throws {
        let table = try fixture.get("/api/v1/pods", accept: kubectlTableAccept).json
        let columns = (table["columnDefinitions"]?.arrayValue ?? []).filter { $0["priority"] == 0 }.compactMap {
            $0["name"]?.stringValue
        }
        #expect(columns == ["Name", "Ready", "Status", "Restarts", "Age"])
        let rows = table["rows"]?.arrayValue ?? []
        #expect(rows.count == fixture.store.count("pods"))
        #expect(rows.allSatisfy { $0["cells"]?[2] == "Running" })
        #expect(rows.allSatisfy { $0.at("object", "metadata", "namespace") == "kube-system" })
        let onDeadPi = rows.filter { ($0["cells"]?[6]?.stringValue ?? "") == "mtedge2" }
        #expect(!onDeadPi.isEmpty && onDeadPi.allSatisfy { $0["cells"]?[1] == "0/1" && $0["cells"]?[3] != "0" })
        let healthy = rows.filter { ($0["cells"]?[6]?.stringValue ?? "") == "psnc-cloud2" }
        #expect(!healthy.isEmpty && healthy.allSatisfy { $0["cells"]?[1] == "1/1" && $0["cells"]?[3] == "0" })
    }

    @Test func namespaceTableAndIncludeObject() throws {
        let table = try fixture.get("/api/v1/namespaces", accept: kubectlTableAccept).json
        let rows = table["rows"]?.arrayValue ?? []
        #expect(
            rows.compactMap { $0["cells"]?[0]?.stringValue } == [
                "default", "kube-node-lease", "kube-public", "kube-system", "marvel",
            ])
        #expect(rows.allSatisfy { $0["cells"]?[1] == "Active" })
        let bare = try fixture.get("/api/v1/namespaces", query: ["includeObject": "None"], accept: kubectlTableAccept)
            .json
        #expect(bare["rows"]?[0]?["object"] == nil)
        let full = try fixture.get("/api/v1/namespaces", query: ["includeObject": "Object"], accept: kubectlTableAccept)
            .json
        #expect(full["rows"]?[0]?.at("object", "status", "phase") == "Active")
    }

    @Test func humanDurations() {
        let cases: [(Double, String)] = [
            (-5, "<invalid>"), (0, "0s"), (119, "119s"), (120, "2m"), (185, "3m5s"), (600, "10m"), (10_799, "179m"),
            (3 * 3600, "3h"), (3 * 3600 + 60 * 5, "3h5m"), (47 * 3600, "47h"), (2 * 86_400 + 3600, "2d1h"),
            (8 * 86_400, "8d"), (800 * 86_400, "2y70d"), (3650 * 86_400, "10y"),
        ]
        for (seconds, text) in cases { #expect(HumanDuration.format(seconds: seconds) == text, "\(seconds)") }
    }

    @Test func continueTokenOlderThanTheChangeLogIs410Expired() throws {
        let now = SimFixture.now
        let store = ClusterStore(clock: { now }, historyLimit: 4)
        try Topology.marvel.seed(into: store, now: now)
        let handler = KubeAPIHandler(store: store)
        func get(_ query: [String: String]) throws -> (status: Int, json: JSONValue) {
            let response = handler.handle(ServerRequest(method: "GET", path: "/api/v1/nodes", query: query))
            guard case .bytes(let body) = response.body else { return (response.status, .null) }
            return (response.status, try JSONValue.parse(body))
        }
        let first = try get(["limit": "2"])
        let token = try #require(first.json.at("metadata", "continue")?.stringValue)
        #expect(try get(["limit": "2", "continue": token]).status == 200)  // still reachable
        for index in 0..<10 {
            try store.modify("nodes", name: "grnfog1") { $0["metadata"]?["labels"]?["n"] = .string(String(index)) }
        }
        let expired = try get(["limit": "2", "continue": token])
        #expect(expired.status == 410)
        #expect(expired.json["reason"] == "Expired")
        #expect(try get(["limit": "2"]).status == 200)  // a fresh list works
    }
}
