import Foundation
import MarvelCore
import Testing

@testable import MarvelSim

/// HorizontalPodAutoscalers in autoscaling/v2 and, converted, in autoscaling/v1 (what `kubectl autoscale` sends).
@Suite struct SimAutoscalerTests {
    let fixture: SimFixture
    init() throws { fixture = try SimFixture() }

    @Test func aV1AutoscalerIsStoredAsV2AndReadBackAsV1() throws {
        let v1 = #"{"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"web"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":5,"targetCPUUtilizationPercentage":80}}"#
        let created = try fixture.send("POST", "/apis/autoscaling/v1/namespaces/marvel/horizontalpodautoscalers", body: v1)
        #expect(created.status == 201)
        #expect(created.json["apiVersion"] == "autoscaling/v1")
        #expect(created.json.at("spec", "targetCPUUtilizationPercentage") == 80)
        let stored = try #require(fixture.store.get("horizontalpodautoscalers", namespace: "marvel", name: "web"))
        #expect(stored["apiVersion"] == "autoscaling/v2")
        #expect(stored.at("spec", "metrics")?[0]?.at("resource", "target", "averageUtilization") == 80)
        let v2 = try fixture.get("/apis/autoscaling/v2/namespaces/marvel/horizontalpodautoscalers/web").json
        #expect(v2.at("spec", "metrics")?[0]?.at("resource", "name") == "cpu")
        let list = try fixture.get("/apis/autoscaling/v1/namespaces/marvel/horizontalpodautoscalers").json
        #expect(list["apiVersion"] == "autoscaling/v1")
        #expect(list.items.first?.at("spec", "targetCPUUtilizationPercentage") == 80)
        #expect(list.items.first?.at("spec", "metrics") == nil)
        let patch = try fixture.send(
            "PATCH", "/apis/autoscaling/v1/namespaces/marvel/horizontalpodautoscalers/web",
            contentType: "application/merge-patch+json", body: #"{"spec":{"maxReplicas":6}}"#)
        #expect(patch.status == 405)
        #expect(try fixture.send("DELETE", "/apis/autoscaling/v1/namespaces/marvel/horizontalpodautoscalers/web").status == 200)
        #expect(fixture.store.get("horizontalpodautoscalers", namespace: "marvel", name: "web") == nil)
    }

    @Test func discoveryPrefersV2() throws {
        let groups = try fixture.get("/apis").json["groups"]?.arrayValue ?? []
        let autoscaling = try #require(groups.first { $0["name"] == "autoscaling" })
        #expect(autoscaling.at("preferredVersion", "version") == "v2")
        #expect((autoscaling["versions"]?.arrayValue ?? []).compactMap { $0["version"]?.stringValue } == ["v2", "v1"])
    }
}
