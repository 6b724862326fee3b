import Foundation
import MarvelCore
import MarvelSim
import Testing

/// The embedded cluster's demo registry, read with the real registry client
/// over HTTP: the catalogue's images with platforms that match the catalogue,
/// paged lists, manifests and configs whose digests check out, a read-only
/// answer to deletes; and node image lists that follow the pods.
@Suite struct DemoRegistryTests {
    @Test func servesTheCataloguesImagesWithMatchingPlatforms() throws {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let client = RegistryClient(endpoint: try #require(RegistryEndpoint(parsing: cluster.registryURL)))
        #expect(try client.ping() == "registry/2.0")

        // Paged: five at a time, the Link header leading on.
        let repositories = try client.catalog(pageSize: 5)
        #expect(repositories == repositories.sorted())
        for name in ["confluentinc/cp-kafka", "library/nginx", "audioanony", "dynhp", "edgesec-vpn", "fedl-client", "gpuregex-intel-gpu"] {
            #expect(repositories.contains(name), "\(name) missing from \(repositories)")
        }
        #expect(try client.tags("confluentinc/cp-kafka", pageSize: 1) == ["5.3.1", "latest"])

        // GPU images are amd64 only; edge components are multi-arch (an OCI index); the client checks every digest.
        #expect(try client.describe("dynhp", reference: "2").platformNames == ["linux/amd64"])
        #expect(try client.describe("gpuregex-intel-gpu", reference: "latest").platformNames == ["linux/amd64"])
        let edge = try client.describe("fedl-client", reference: "1")
        #expect(edge.mediaType == ManifestMediaType.ociIndex)
        #expect(edge.platformNames == ["linux/amd64", "linux/arm64/v8"])
        #expect(edge.platforms.allSatisfy { ($0.size ?? 0) > 10_000_000 && $0.layers >= 3 && $0.created != nil })
        #expect(edge.platforms.first?.labels["org.opencontainers.image.title"] == "fedl-client")
        #expect(try client.describe("edgesec-vpn", reference: "1").platformNames.count == 2)
        // AudioAnony+VAD is x86-64 only (devAIce's wheel); third-party images are mirrored under their path.
        #expect(try client.describe("audioanony", reference: "1").platformNames == ["linux/amd64"])
        let kafka = try client.describe("confluentinc/cp-kafka", reference: "5.3.1")
        #expect(kafka.mediaType == ManifestMediaType.dockerManifest && kafka.platformNames == ["linux/amd64"])

        // Tags sharing a digest are grouped; the same bytes every time.
        let groups = try client.repositoryImages("confluentinc/cp-kafka").groups
        #expect(groups.count == 1 && groups.first?.tags == ["5.3.1", "latest"])
        #expect(try client.digest("confluentinc/cp-kafka", reference: "latest") == kafka.digest)

        // Read-only: deletes get 405 UNSUPPORTED; layers are not served; unknown names are 404s.
        let refused = registryError { try client.deleteTag("confluentinc/cp-kafka", tag: "5.3.1") }
        #expect(refused == .deleteDisabled(registry: cluster.registryURL, what: "confluentinc/cp-kafka:5.3.1"))
        let layers = try client.manifest("confluentinc/cp-kafka", reference: "5.3.1")
        guard case .image(_, _, let descriptors) = layers.manifest, let layer = descriptors.first else {
            Issue.record("confluentinc/cp-kafka:5.3.1 is not an image manifest")
            return
        }
        #expect(registryError { try client.blob("confluentinc/cp-kafka", digest: layer.digest) }?.description.contains("not layers") == true)
        #expect(registryError { try client.tags("no-such-repo") }?.description.contains("has no repository no-such-repo (NAME_UNKNOWN") == true)

        // The Kubernetes API is still served next to it.
        let kube = KubeClient(target: KubeTarget(contextName: "t", clusterName: "t", server: cluster.serverURL, namespace: "default", sourceDescription: "t"))
        #expect(try kube.fetchSnapshot().nodes.count == 11)
    }

    @Test func nodesListTheImagesOfThePodsThatRanThere() throws {
        let fixture = try DeployFixture()
        defer { fixture.close() }
        let template = try DeployFixture.template(withConfig: false)
        _ = try fixture.deployer.deploy(
            template: template, name: "imgs", values: [:], namespace: "default", automatic: fixture.automatic, dryRun: false)
        var holder = ""
        try fixture.wait("a node listing reg.local:5000/nginx:1") {
            let snapshot = try fixture.client.fetchSnapshot()
            guard let pod = snapshot.pods.first(where: { $0.labels["marvdash.io/instance"] == "imgs" && $0.phase == "Running" }) else { return false }
            holder = pod.nodeName
            return snapshot.nodes.first { $0.name == pod.nodeName }?.images.contains { $0.names.contains("reg.local:5000/nginx:1") } ?? false
        }
        let node = try #require(try fixture.client.fetchSnapshot().nodes.first { $0.name == holder })
        let entry = try #require(node.images.first { $0.names.contains("reg.local:5000/nginx:1") })
        #expect(entry.names.first?.hasPrefix("reg.local:5000/nginx@sha256:") == true)
        #expect(entry.sizeBytes > 50_000_000 && entry.sizeBytes < 2_000_000_000)
        #expect(node.images.map(\.sizeBytes) == node.images.map(\.sizeBytes).sorted(by: >))
        #expect(node.images.count <= 50)
    }
}
