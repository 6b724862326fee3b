import Foundation
import MarvelCore
import MarvelSim
import RegistryFixture
import Testing

/// The placer asking a registry for image platforms: through the deployer's
/// preview (the console's path) against the demo registry, and the
/// behaviour when the registry cannot answer.
@Suite struct ImagePlatformLookupTests {
    static func template(image: String) throws -> Template {
        try Template.parse(ImageTestTemplate.text(id: "imagetest", image: image), file: "/nonexistent/imagetest.template.yaml")
    }

    @Test func theDeployPreviewKeepsAnAmd64OnlyImageOffArm64Nodes() throws {
        let f = try DeployFixture()
        defer { f.close() }
        let registry = RegistryClient(endpoint: try #require(RegistryEndpoint(parsing: f.cluster.registryURL)))
        var deployer = f.deployer
        deployer.imagePlatforms = RegistryPlatformLookup(client: registry)
        let automatic = AutomaticValues(namespace: "default", registry: registry.endpoint.host)

        // dynhp:2 is a GPU image, built for linux/amd64 only.
        let gpuImage = try deployer.previewPlacement(
            template: try Self.template(image: "dynhp:2"), name: "a", values: [:], namespace: "default", automatic: automatic)
        let evaluation = try #require(gpuImage.workloads.first?.evaluation)
        #expect(ComponentImage.notes(evaluation.images) == ["image dynhp:2: linux/amd64"])
        for arm in ["mtedge1", "unsedge1"] {
            #expect(evaluation.verdicts.first { $0.node == arm }?.reasons == ["image dynhp:2 has no linux/arm64 variant"])
        }
        #expect(evaluation.ranked.allSatisfy { !["mtedge1", "unsedge1"].contains($0.node) })
        #expect(evaluation.summary.contains("2 image dynhp:2 has no linux/arm64 variant"))

        // fedl-client:1 is an edge component with an arm64 variant: the arm64 boards may take it.
        let edgeImage = try deployer.previewPlacement(
            template: try Self.template(image: "fedl-client:1"), name: "b", values: [:], namespace: "default", automatic: automatic)
        let ranked = edgeImage.workloads.first?.evaluation.ranked.map(\.node) ?? []
        #expect(ranked.contains("mtedge1") && ranked.contains("unsedge1"))
    }

    @Test func anUnreachableRegistryFiltersNothingAndIsAskedOnce() throws {
        let port = try closedPort()
        let registry = RegistryClient(endpoint: try #require(RegistryEndpoint(parsing: "http://127.0.0.1:\(port)")), timeout: 5)
        let lookup = RegistryPlatformLookup(client: registry)
        let host = registry.endpoint.host
        let checks = lookup.check(["\(host)/a:1", "\(host)/b:1", "docker.io/library/redis:7"])
        guard case .unknown(let why)? = checks["\(host)/a:1"] else {
            Issue.record("expected an unknown check, got \(String(describing: checks))")
            return
        }
        #expect(why.contains("is unreachable"))
        // The second image is not tried once the registry proved unreachable: the same reason.
        #expect(checks["\(host)/b:1"] == .unknown(why))
        #expect(checks["docker.io/library/redis:7"] == .unknown("it is on docker.io, not on the configured registry \(host)"))

        let s = PlacementSnapshot(nodes: [PlacementNode(name: "arm", arch: "arm64", allocatable: ["cpu": Quantity(value: 4), "pods": Quantity(value: 10)])])
        var component = ComponentRequirement(name: "Deployment/x", pod: PodRequirements(), images: [ComponentImage(reference: "\(host)/a:1")])
        component = ComponentRequirement.checkingImages([component], with: lookup)[0]
        let evaluation = ComponentEvaluation(CompiledComponent(component, policy: .spread, snapshot: s), snapshot: s)
        #expect(evaluation.ranked.map(\.node) == ["arm"])
        #expect(ComponentImage.notes(evaluation.images).first?.hasPrefix("image a:1: platforms could not be checked (registry http://127.0.0.1:\(port) is unreachable") == true)
    }
}
