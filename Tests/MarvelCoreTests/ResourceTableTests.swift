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
