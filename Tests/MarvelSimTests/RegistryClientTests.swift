import Foundation
import MarvelCore
import RegistryFixture
import Testing

/// The registry client against a real `docker-registry` on loopback: images
/// pushed through the API, listed back page by page, described (every
/// manifest kind), grouped by digest, and deleted.
@Suite struct RegistryClientTests {
    let amd64 = ImagePlatform(architecture: "amd64")
    let arm64 = ImagePlatform(architecture: "arm64", variant: "v8")

    @Test func pushListDescribeGroupAndDelete() throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        let client = RegistryClient(endpoint: try #require(RegistryEndpoint(parsing: registry.url)))
        let images = TestImages(client: client)
        #expect(try client.ping() == "registry/2.0")

        // More repositories than one catalogue page.
        for name in ["alpha", "bravo", "charlie", "delta", "team/echo"] {
            try images.push(name, tag: "1.0", platforms: [amd64], layerSizes: [300])
        }
        #expect(try client.catalog(pageSize: 2) == ["alpha", "bravo", "charlie", "delta", "team/echo"])

        // A single-platform Docker image: platform from its config, size = the layers' sum.
        let single = try images.push(
            "app", tag: "1.0", platforms: [amd64], layerSizes: [1000, 2000, 3000], created: "2024-03-02T01:02:03Z",
            labels: ["org.opencontainers.image.version": "1.0"])
        try images.tag("app", digest: single.digest, as: "latest")
        // A two-platform OCI index.
        let multi = try images.push("app", tag: "2.0", platforms: [amd64, arm64], layerSizes: [500, 700], created: "2024-06-01T00:00:00Z", oci: true)
        // A Docker manifest list.
        let list = try images.push("app", tag: "2.0-docker", platforms: [amd64, arm64], oci: false)

        #expect(try client.tags("app", pageSize: 1).sorted() == ["1.0", "2.0", "2.0-docker", "latest"])

        let detail = try client.describe("app", reference: "1.0")
        #expect(detail.mediaType == ManifestMediaType.dockerManifest)
        #expect(detail.digest == single.digest)
        #expect(detail.platformNames == ["linux/amd64"])
        #expect(detail.platforms.first?.size == single.images[0].layerBytes)
        #expect(detail.platforms.first?.layers == 3)
        #expect(detail.created == Timestamp.parse("2024-03-02T01:02:03Z"))
        #expect(detail.platforms.first?.labels["org.opencontainers.image.version"] == "1.0")

        let index = try client.describe("app", reference: "2.0")
        #expect(index.mediaType == ManifestMediaType.ociIndex)
        #expect(index.digest == multi.digest)
        #expect(index.platformNames == ["linux/amd64", "linux/arm64/v8"])
        #expect(index.platforms.map(\.size) == multi.images.map(\.layerBytes))
        let dockerList = try client.describe("app", reference: "2.0-docker")
        #expect(dockerList.mediaType == ManifestMediaType.dockerManifestList)
        #expect(dockerList.digest == list.digest)
        #expect(dockerList.platforms.count == 2)

        // Tags with the same digest are one group; the newest build comes first.
        let repo = try client.repositoryImages("app")
        #expect(repo.groups.count == 3)
        #expect(repo.group(ofTag: "latest")?.tags == ["1.0", "latest"])
        #expect(repo.groups.first?.digest == multi.digest)

        // Delete: HEAD for the digest, DELETE by digest; both tags of that digest are gone.
        #expect(try client.deleteTag("app", tag: "latest") == single.digest)
        #expect(try client.tags("app").sorted() == ["2.0", "2.0-docker"])
        let gone = registryError { try client.manifest("app", reference: "1.0") }
        #expect(gone?.description.hasPrefix("registry \(registry.url) has no app:1.0 (MANIFEST_UNKNOWN") == true, "\(String(describing: gone))")
    }

    @Test func aRegistryWithDeletesDisabledSaysSo() throws {
        let registry = try TestRegistry(deletes: false)
        defer { registry.stop() }
        let client = RegistryClient(endpoint: try #require(RegistryEndpoint(parsing: registry.url)))
        try TestImages(client: client).push("keep", tag: "1", platforms: [amd64])
        let error = registryError { try client.deleteTag("keep", tag: "1") }
        #expect(error == .deleteDisabled(registry: registry.url, what: "keep:1"))
        #expect(error?.description.contains("deletes disabled (405 UNSUPPORTED)") == true)
        #expect(error?.description.contains("REGISTRY_STORAGE_DELETE_ENABLED=true") == true)
        #expect(try client.tags("keep") == ["1"])
    }

    @Test func anUnreachableRegistryIsOneClearError() throws {
        let port = try closedPort()
        let client = RegistryClient(endpoint: try #require(RegistryEndpoint(parsing: "http://127.0.0.1:\(port)")), timeout: 5)
        let error = registryError { try client.ping() }
        #expect(error?.isUnreachable == true)
        #expect(error?.description.hasPrefix("registry http://127.0.0.1:\(port) is unreachable: cannot connect") == true)
        #expect(error?.description.contains("\n") == false)
    }
}

/// The registry error `body` throws, nil when it succeeds.
func registryError<T>(_ body: () throws -> T) -> RegistryError? {
    do {
        _ = try body()
        return nil
    } catch let error as RegistryError {
        return error
    } catch {
        Issue.record("expected a RegistryError, got \(error)")
        return nil
    }
}
