import Foundation
import MarvelCore
import MarvelTUI
import Testing

/// The delete question of an instance with claims: `y` deletes and keeps the
/// claims (their data), `P` deletes and purges them; never offered read-only.
@Suite struct ServicesPanePurgeTests {
    typealias F = ServicesFixtures

    /// A StatefulSet keeping its data in claims made from `volumeClaimTemplates`.
    static var brokers: InstanceStatus {
        let set = F.object("StatefulSet", "brokers", apiVersion: "apps/v1", extra: [
            "spec": [
                "replicas": 3,
                "template": ["spec": ["containers": [["name": "b", "image": "reg/kafka:3", "volumeMounts": [["name": "data", "mountPath": "/data"]]]]]],
                "volumeClaimTemplates": [["metadata": ["name": "data"], "spec": ["resources": ["requests": ["storage": "1Gi"]]]]],
            ]
        ])
        let instance = Instance(
            name: "brokers", namespace: "default", templateID: "kafka", revision: 1, values: ["NAME": "brokers"], managedBy: .marvdash,
            createdAt: F.now.addingTimeInterval(-60), revisions: [1], manifests: [set])
        return InstanceStatus(instance: instance, pods: [], ready: 0, desired: 3, endpoints: [])
    }

    @Test func pDeletesAndPurgesTheClaimsYKeepsThem() throws {
        let backend = FakeServicesBackend(services: F.state([Self.brokers]))
        let console = F.console(backend)
        F.press(console, .ctrl("d"))
        var screen = F.render(console, columns: 100)
        #expect(screen.contains("Delete 'brokers' and its 2 objects? y/N, P = delete and purge its claims"), "\(screen.text)")
        #expect(screen.contains("claims with its data (y keeps them, P deletes them):"))
        #expect(screen.contains("data-brokers-N (1Gi each)"))
        #expect(screen.contains("y confirms · P delete and purge its claims · n or Esc cancels"))
        F.press(console, .char("P"))
        #expect(backend.requests == [.deleteAndPurge(name: "brokers", namespace: "default")])
        screen = F.render(console)
        #expect(screen.contains("Deleting 'brokers' and purging its claims"))
    }

    @Test func withoutClaimsPIsNeitherOfferedNorTaken() throws {
        let backend = FakeServicesBackend(services: F.state([F.kafka]))
        let console = F.console(backend)
        F.press(console, .ctrl("d"))
        let screen = F.render(console)
        #expect(screen.contains("Delete 'kafka' and its 5 objects? y/N"))
        #expect(!screen.contains("purge"))
        F.press(console, .char("P"))
        #expect(backend.requests.isEmpty)
        F.press(console, .char("y"))
        #expect(backend.requests == [.delete(name: "kafka", namespace: "default")])
    }

    @Test func readOnlyNeitherListsNorTakesP() throws {
        #expect(!ConsoleReference.help(.serviceConfirm, readOnly: true) { _ in true }.contains { $0.keys == "P" })
        #expect(ConsoleReference.help(.serviceConfirm, readOnly: false) { _ in true }.contains { $0.keys == "P" })
        let backend = FakeServicesBackend(services: F.state([Self.brokers]))
        let console = F.console(backend, readOnly: true)
        F.press(console, .ctrl("d"), .char("P"))
        #expect(backend.requests.isEmpty)
        #expect(F.pane(console)?.viewName == "list")
    }
}
