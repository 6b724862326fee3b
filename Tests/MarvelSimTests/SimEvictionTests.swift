import Foundation
import MarvelCore
import Testing

@testable import MarvelSim

/// The eviction subresource with PodDisruptionBudgets, the access reviews,
/// and the container streams the embedded cluster refuses.
@Suite struct SimEvictionTests {
    let fixture: SimFixture
    let ticker: Ticker
    init() throws {
        fixture = try SimFixture()
        ticker = Ticker(Reconciler(store: fixture.store))
    }

    func budget(_ spec: String) -> String {
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  \(spec)\n"
    }

    func evict(_ pod: String) throws -> (status: Int, json: JSONValue) {
        try fixture.send(
            "POST", "/api/v1/namespaces/marvel/pods/\(pod)/eviction",
            body: #"{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"\#(pod)","namespace":"marvel"}}"#)
    }

    func web() -> [JSONValue] { fixture.pods("marvel", prefix: "web-") }

    func ready(_ n: Int) -> Bool { web().filter(PodStatusProbe.ready).count == n && web().count == n }

    @Test func aBudgetLetsPodsGoOneAtATimeAndRefusesTheRest() throws {
        #expect(try fixture.apply("/apis/apps/v1/namespaces/marvel/deployments/web", deploymentYAML("web", replicas: 2)).status == 201)
        #expect(ticker.run(limit: 30) { ready(2) })
        #expect(try fixture.apply("/apis/policy/v1/namespaces/marvel/poddisruptionbudgets/web", budget("maxUnavailable: 1")).status == 201)
        // Until the disruption controller has looked at it, the budget refuses.
        let early = try evict(web()[0].name)
        #expect(early.status == 429)
        ticker.tick()
        let status = fixture.store.get("poddisruptionbudgets", namespace: "marvel", name: "web")?["status"]
        #expect(status?["expectedPods"] == 2 && status?["currentHealthy"] == 2 && status?["desiredHealthy"] == 1)
        #expect(status?["disruptionsAllowed"] == 1)
        let first = web()[0].name
        let second = web()[1].name
        let ok = try evict(first)
        #expect(ok.status == 201)
        #expect(ok.json["status"] == "Success")
        #expect(fixture.store.get("pods", namespace: "marvel", name: first) == nil)
        let refused = try evict(second)
        #expect(refused.status == 429)
        #expect(refused.json["reason"] == "TooManyRequests")
        #expect(refused.json["message"] == "Cannot evict pod as it would violate the pod's disruption budget.")
        #expect(refused.json["details"]?["causes"]?[0]?["reason"] == "DisruptionBudget")
        #expect(refused.json["details"]?["causes"]?[0]?["message"] == "The disruption budget web needs 1 healthy pods and has 1 currently")
        // Once the replacement is ready, the budget allows one more.
        #expect(ticker.run(limit: 30) { ready(2) && fixture.store.get("poddisruptionbudgets", namespace: "marvel", name: "web")?.at("status", "disruptionsAllowed") == 1 })
        #expect(try evict(second).status == 201)
    }

    @Test func podsWithoutABudgetAndPendingPodsAreEvictedAtOnce() throws {
        #expect(try fixture.apply("/apis/apps/v1/namespaces/marvel/deployments/web", deploymentYAML("web", replicas: 1)).status == 201)
        ticker.tick()  // created, not running yet
        #expect(try fixture.apply("/apis/policy/v1/namespaces/marvel/poddisruptionbudgets/web", budget("minAvailable: 1")).status == 201)
        ticker.tick()
        let pending = try #require(web().first { $0.at("status", "phase") == "Pending" })
        #expect(try evict(pending.name).status == 201)
        #expect(try evict("ghost").status == 404)
    }

    @Test func accessReviewsAllowEverythingAndNameTheAdmin() throws {
        let review = try fixture.send(
            "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            body: #"{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":{"resourceAttributes":{"verb":"delete","resource":"nodes"}}}"#)
        #expect(review.status == 201)
        #expect(review.json.at("status", "allowed") == true)
        #expect(review.json.at("spec", "resourceAttributes", "resource") == "nodes")
        let whoami = try fixture.send(
            "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews",
            body: #"{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}"#)
        #expect(whoami.json.at("status", "userInfo", "username") == "kubernetes-admin")
        #expect(whoami.json.at("status", "userInfo", "groups") == ["system:masters", "system:authenticated"])
        #expect(try fixture.get("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews").status == 405)
    }

    @Test func containerStreamsAreRefusedWithAClearStatus() throws {
        let pod = try #require(fixture.pods("kube-system", prefix: "coredns-").first?.name)
        for (sub, verb) in [("exec", "exec"), ("attach", "attach"), ("portforward", "port-forward")] {
            let answer = try fixture.send("POST", "/api/v1/namespaces/kube-system/pods/\(pod)/\(sub)")
            #expect(answer.status == 400)
            #expect(answer.json["message"]?.stringValue == "the embedded cluster runs no containers: \(verb) is not available; use logs")
        }
        #expect(try fixture.send("POST", "/api/v1/namespaces/kube-system/pods/ghost/exec").status == 404)
    }
}
