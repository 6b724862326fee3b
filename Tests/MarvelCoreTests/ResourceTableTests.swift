import Foundation
import Testing
@testable import MarvelCore

/// The resource views' tables: kubectl's columns from a server Table, the
/// NAME/AGE fallback, describe text.
@Suite struct ResourceTableTests {
    @Test func parsesAServerTableDroppingWideColumnsAndAddingNamespace() throws {
        let answer: JSONValue = [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1",
            "columnDefinitions": [
                ["name": "Name", "type": "string", "priority": 0], ["name": "Ready", "type": "string", "priority": 0],
                ["name": "Restarts", "type": "string", "priority": 0], ["name": "IP", "type": "string", "priority": 1],
                ["name": "Age", "type": "string", "priority": 0],
            ],
            "rows": [
                ["cells": ["web-0", "1/1", 3, "10.0.0.1", "5m"],
                 "object": ["metadata": ["name": "web-0", "namespace": "shop", "creationTimestamp": "2026-01-01T00:00:00Z", "labels": ["app": "web"]]]],
            ],
        ]
        let table = try #require(ResourceTable.parse(table: answer, withNamespace: true))
        #expect(table.columns.map(\.name) == ["NAMESPACE", "NAME", "READY", "RESTARTS", "AGE"])
        #expect(table.columns.map(\.order) == [.text, .text, .number, .number, .age])
        #expect(table.rows.first?.cells == ["shop", "web-0", "1/1", "3", "5m"])
        #expect(table.rows.first?.key == "shop/web-0")
        #expect(table.rows.first?.labels == ["app": "web"])
        #expect(table.rows.first?.created == Timestamp.parse("2026-01-01T00:00:00Z"))
        // A plain list (the server ignored the Table Accept) is not a Table.
        #expect(ResourceTable.parse(table: ["kind": "PodList", "items": []], withNamespace: false) == nil)
    }

    @Test func fallsBackToNameAndAgeAsKubectl() {
        let now = Timestamp.parse("2026-01-01T01:00:00Z") ?? Date()
        let table = ResourceTable.fallback(objects: [
            ["metadata": ["name": "a", "namespace": "x", "creationTimestamp": "2026-01-01T00:00:00Z"]],
            ["metadata": ["name": "b", "namespace": "y"]],
        ], withNamespace: false, now: now)
        #expect(!table.fromServer)
        #expect(table.columns.map(\.name) == ["NAME", "AGE"])
        #expect(table.rows.map(\.cells) == [["a", "60m"], ["b", "<unknown>"]])
    }

    @Test func describesWithEventsAndNeverASecretsValues() {
        let now = Timestamp.parse("2026-01-01T01:00:00Z") ?? Date()
        let secret: JSONValue = [
            "kind": "Secret", "metadata": ["name": "login", "namespace": "shop", "labels": ["b": "2", "a": "1"]],
            "type": "Opaque", "data": ["password": "aHVudGVyMg=="],
        ]
        let event: JSONValue = [
            "type": "Normal", "reason": "Created", "message": "made it", "count": 3, "lastTimestamp": "2026-01-01T00:59:00Z",
            "source": ["component": "tester"],
        ]
        let lines = ResourceDescription.lines(of: secret, kind: .secrets, events: [event], now: now)
        #expect(lines.contains("Name:           login"))
        #expect(lines.contains("Labels:         a=1"))
        #expect(lines.contains("                b=2"))
        #expect(lines.contains("password:  7 bytes"))
        #expect(!lines.joined().contains("aHVudGVyMg=="))
        #expect(lines.contains("Events:"))
        #expect(lines.contains { $0.contains("Normal") && $0.contains("Created") && $0.contains("60s (x3)") && $0.contains("tester") && $0.hasSuffix("made it") })
        let none = ResourceDescription.lines(of: secret, kind: .secrets, events: [], now: now)
        #expect(none.last == "Events:         <none>")
    }

    @Test func kindsAreReachedByEveryAliasAndAliasesAreUnique() {
        #expect(ResourceKind.named("po") == .pods)
        #expect(ResourceKind.named("Pods") == .pods)
        #expect(ResourceKind.named("deploy") == .deployments)
        #expect(ResourceKind.named("svc") == .services)
        #expect(ResourceKind.named("ev") == .events)
        let words = ResourceKind.all.flatMap(\.aliases)
        #expect(Set(words).count == words.count)
        #expect(!words.contains("services"), "`:services` stays marvdash's Services pane")
    }
}

/// Describe's Volumes and QoS Class sections, in kubectl's layout.
@Suite struct DescribeVolumesTests {
    func pod(_ spec: JSONValue, qos: String? = nil) -> JSONValue {
        var status: JSONObject = ["phase": "Running"]
        if let qos { status["qosClass"] = .string(qos) }
        return ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p", "namespace": "default"], "spec": spec, "status": .object(status)]
    }

    func kind(_ name: String) throws -> ResourceKind {
        try #require(ResourceKind.all.first { $0.kind == name })
    }

    @Test func podVolumesAndQoSClassFromTheStatus() throws {
        let spec: JSONValue = [
            "containers": [["name": "main", "image": "app:1"]],
            "volumes": [
                ["name": "data", "persistentVolumeClaim": ["claimName": "data-kafka-0"]],
                ["name": "conf", "configMap": ["name": "kafka-config"]],
                ["name": "creds", "secret": ["secretName": "kafka-auth", "optional": true]],
                ["name": "scratch", "emptyDir": ["medium": "Memory", "sizeLimit": "1Gi"]],
                ["name": "logs", "hostPath": ["path": "/var/log", "type": "Directory"]],
                ["name": "token", "projected": ["sources": [["serviceAccountToken": ["expirationSeconds": 3607, "path": "token"]],
                                                             ["configMap": ["name": "kube-root-ca.crt"]], ["downwardAPI": ["items": []]]]]],
            ],
        ]
        let lines = ResourceDescription.lines(of: pod(spec, qos: "Burstable"), kind: try kind("Pod"), events: [], now: Date())
        let text = lines.joined(separator: "\n")
        let volumes = try #require(lines.firstIndex(of: "Volumes:"))
        #expect(lines[volumes + 1] == "  data:")
        #expect(lines[volumes + 2].hasPrefix("    Type:") && lines[volumes + 2].hasSuffix("PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)"))
        #expect(text.contains("ClaimName:  data-kafka-0"))
        #expect(text.contains("ConfigMap (a volume populated by a ConfigMap)"))
        #expect(text.contains("SecretName:  kafka-auth"))
        #expect(text.contains("EmptyDir (a temporary directory that shares a pod's lifetime)"))
        #expect(lines.contains { $0.contains("Medium:") && $0.hasSuffix(" Memory") })
        #expect(text.contains("HostPath (bare host directory volume)"))
        #expect(lines.contains { $0.contains("Path:") && $0.hasSuffix(" /var/log") })
        #expect(text.contains("Projected (a volume that contains injected data from multiple sources)"))
        #expect(text.contains("TokenExpirationSeconds:  3607"))
        #expect(text.contains("ConfigMapName:  kube-root-ca.crt"))
        let qos = try #require(lines.firstIndex { $0.hasPrefix("QoS Class:") })
        #expect(lines[qos].hasSuffix("Burstable"))
        #expect(qos > volumes)
        #expect(lines.contains { $0.hasPrefix("Node-Selectors:") })
    }

    @Test func qosClassIsComputedAsKubernetesDoesWhenTheStatusHasNone() throws {
        func spec(_ containers: [JSONValue]) -> JSONValue { ["containers": .array(containers)] }
        func c(requests: JSONObject? = nil, limits: JSONObject? = nil) -> JSONValue {
            var resources = JSONObject()
            if let requests { resources["requests"] = .object(requests) }
            if let limits { resources["limits"] = .object(limits) }
            return ["name": "c", "image": "i", "resources": .object(resources)]
        }
        #expect(PodQOSClass.computed(spec: spec([c()])) == .bestEffort)
        #expect(PodQOSClass.computed(spec: spec([c(requests: ["nvidia.com/gpu": "1"])])) == .bestEffort)
        #expect(PodQOSClass.computed(spec: spec([c(requests: ["cpu": "0"])])) == .bestEffort)
        #expect(PodQOSClass.computed(spec: spec([c(requests: ["cpu": "500m"])])) == .burstable)
        #expect(PodQOSClass.computed(spec: spec([c(limits: ["cpu": "1", "memory": "1Gi"])])) == .guaranteed)
        #expect(PodQOSClass.computed(spec: spec([c(requests: ["cpu": "1000m", "memory": "1Gi"], limits: ["cpu": "1", "memory": "1024Mi"])])) == .guaranteed)
        #expect(PodQOSClass.computed(spec: spec([c(requests: ["cpu": "500m", "memory": "1Gi"], limits: ["cpu": "1", "memory": "1Gi"])])) == .burstable)
        #expect(PodQOSClass.computed(spec: spec([c(limits: ["cpu": "1", "memory": "1Gi"]), c()])) == .burstable)
        #expect(PodQOSClass.computed(spec: spec([c(limits: ["cpu": "1"])])) == .burstable)
        let lines = ResourceDescription.lines(of: pod(spec([c(limits: ["cpu": "1", "memory": "1Gi"])])), kind: try kind("Pod"), events: [], now: Date())
        #expect(lines.contains { $0.hasPrefix("QoS Class:") && $0.hasSuffix("Guaranteed") })
        #expect(lines.contains { $0.hasPrefix("Volumes:") && $0.hasSuffix("<none>") })
    }

    @Test func workloadPodTemplateListsItsVolumes() throws {
        let deployment: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web", "namespace": "default"],
            "spec": ["replicas": 1, "selector": ["matchLabels": ["app": "web"]],
                     "template": ["metadata": ["labels": ["app": "web"]],
                                  "spec": ["containers": [["name": "web", "image": "nginx"]],
                                           "volumes": [["name": "shared", "persistentVolumeClaim": ["claimName": "shared", "readOnly": true]]]]]],
        ]
        let lines = ResourceDescription.lines(of: deployment, kind: try kind("Deployment"), events: [], now: Date())
        let volumes = try #require(lines.firstIndex(of: "  Volumes:"))
        #expect(lines[volumes + 1] == "    shared:")
        #expect(lines[volumes + 2].contains("PersistentVolumeClaim"))
        #expect(lines.contains { $0.contains("ReadOnly:") && $0.hasSuffix("true") })
    }
}
