import Foundation
import MarvelCore
import MarvelSim
import Testing

/// The deploy preview on the console's snapshot reads claim bindings from the
/// cached PersistentVolumeClaims: no list request, one GET per bound volume.
@Suite struct ClaimBindingsCacheTests {
    @Test func bindingsComeFromTheSnapshotsClaims() throws {
        let f = try DeployFixture()
        defer { f.close() }
        _ = try f.deployer.deploy(
            template: try DeployVolumePlacementTests.template(), name: "store", values: [:], namespace: "default",
            automatic: f.automatic, dryRun: false, placement: .auto)
        try f.wait("the claim bound") {
            try f.client.get("/api/v1/namespaces/default/persistentvolumeclaims/store-data").at("status", "phase")?.stringValue == "Bound"
        }
        let snapshot = try f.client.readSnapshot(kinds: [.persistentVolumeClaims])
        let manifests = try DeployVolumePlacementTests.template().render(values: ["NAME": "store"], automatic: f.automatic)
        let expected = try f.deployer.claimBindings(for: manifests, namespace: "default")
        #expect(expected.affinities["store-data"] != nil, "the claim is bound to a local volume")

        let lists = f.cluster.requestMetrics.total(verb: "LIST")
        let gets = f.cluster.requestMetrics.total(verb: "GET")
        let cached = try f.deployer.claimBindings(for: manifests, namespace: "default", cluster: snapshot)
        #expect(cached == expected)
        #expect(f.cluster.requestMetrics.total(verb: "LIST") == lists, "no claim or volume list")
        #expect(f.cluster.requestMetrics.total(verb: "GET") == gets + 1, "one GET: the bound volume")

        // A snapshot that sees only another namespace does not answer for this one.
        var narrowed = snapshot
        narrowed.namespaceOnly = "elsewhere"
        #expect(try f.deployer.claimBindings(for: manifests, namespace: "default", cluster: narrowed) == expected)
        #expect(f.cluster.requestMetrics.total(verb: "LIST") > lists)
    }
}
