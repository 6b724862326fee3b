import Foundation
import MarvelCore
import Testing

/// The registry client's parsers: digests, image references, auth challenges,
/// Link headers, manifests of every kind, addresses and the size texts.
@Suite struct RegistryParsingTests {
    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.digest([]) == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.digest(Array("abc".utf8)) == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // Two blocks: the 448-bit message of FIPS 180-4's examples.
        #expect(
            SHA256.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "sha256:248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // Exactly one block of padding after 64 bytes; fed in pieces.
        var hasher = SHA256()
        hasher.update(Array(repeating: UInt8(ascii: "a"), count: 40))
        hasher.update(Array(repeating: UInt8(ascii: "a"), count: 24))
        #expect(hasher.finish() == SHA256.hash(Array(repeating: UInt8(ascii: "a"), count: 64)))
        #expect(SHA256.digest(Array(repeating: UInt8(ascii: "a"), count: 1_000))
            == "sha256:41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func imageReferencesAreReadTheDockerWay() throws {
        let hub = try #require(ImageReference(parsing: "nginx"))
        #expect(hub.registry == "docker.io" && hub.repository == "library/nginx" && hub.tag == nil && hub.effectiveTag == "latest")
        #expect(hub.description == "docker.io/library/nginx:latest")
        let user = try #require(ImageReference(parsing: "grafana/grafana:10.2.3"))
        #expect(user.registry == "docker.io" && user.repository == "grafana/grafana" && user.tag == "10.2.3")
        let local = try #require(ImageReference(parsing: "127.0.0.1:5000/team/kafka:5.3.1"))
        #expect(local.registry == "127.0.0.1:5000" && local.repository == "team/kafka" && local.shortName == "team/kafka:5.3.1")
        #expect(local.isOn(registryHost: "127.0.0.1:5000") && !local.isOn(registryHost: "127.0.0.1:5001"))
        let portNoTag = try #require(ImageReference(parsing: "localhost:5000/app"))
        #expect(portNoTag.registry == "localhost:5000" && portNoTag.repository == "app" && portNoTag.tag == nil)
        let pinned = try #require(ImageReference(parsing: "quay.io/a/b@sha256:" + String(repeating: "0", count: 64)))
        #expect(pinned.registry == "quay.io" && pinned.tag == nil && pinned.effectiveTag == nil && pinned.digest?.hasPrefix("sha256:") == true)
        #expect(ImageReference(parsing: "registry-1.docker.io/library/redis:7")?.sameImage(as: try #require(ImageReference(parsing: "redis:7"))) == true)
        #expect(ImageReference(parsing: "") == nil)
        #expect(ImageReference(parsing: "a//b") == nil)
        #expect(ImageReference(parsing: "app:") == nil)
        #expect(ImageReference(parsing: "two words") == nil)
    }

    @Test func authChallengesKeepQuotedCommas() throws {
        let bearer = try #require(AuthChallenge(header: #"Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push""#))
        #expect(bearer.scheme == "bearer")
        #expect(bearer.realm == "https://auth.example/token")
        #expect(bearer.service == "registry.example")
        #expect(bearer.scope == "repository:a/b:pull,push")
        let basic = try #require(AuthChallenge(header: #"Basic realm="basic-realm""#))
        #expect(basic.scheme == "basic" && basic.realm == "basic-realm")
        let escaped = try #require(AuthChallenge(header: #"Bearer realm="a\"b", error="insufficient_scope""#))
        #expect(escaped.realm == #"a"b"# && escaped.parameters["error"] == "insufficient_scope")
        #expect(AuthChallenge(header: "  ") == nil)
    }

    @Test func linkHeadersGiveTheNextPage() {
        #expect(LinkHeader.next(#"</v2/_catalog?last=b&n=2>; rel="next""#) == "/v2/_catalog?last=b&n=2")
        #expect(LinkHeader.next(#"<https://r.example/v2/x/tags/list?n=1&last=a>; rel=next"#) == "https://r.example/v2/x/tags/list?n=1&last=a")
        #expect(LinkHeader.next(#"</v2/_catalog?last=b>; rel="prev""#) == nil)
        #expect(LinkHeader.next(nil) == nil)
        #expect(LinkHeader.resolve("/v2/x", base: "http://h:5000") == "http://h:5000/v2/x")
        #expect(LinkHeader.resolve("https://other/v2/x", base: "http://h:5000") == "https://other/v2/x")
    }

    @Test func everyManifestKindIsRead() throws {
        let docker: JSONValue = [
            "schemaVersion": 2, "mediaType": .string(ManifestMediaType.dockerManifest),
            "config": ["mediaType": .string(ManifestMediaType.dockerConfig), "size": 10, "digest": "sha256:c"],
            "layers": [["mediaType": "x", "size": 100, "digest": "sha256:l1"], ["mediaType": "x", "size": 250, "digest": "sha256:l2"]],
        ]
        let image = try ImageManifest.parse(docker.jsonBytes(), contentType: nil)
        #expect(image.mediaType == ManifestMediaType.dockerManifest)
        #expect(image.layerBytes == 350)

        // An OCI index without mediaType in the body: the Content-Type says it; "manifests" alone would too.
        let index: JSONValue = [
            "schemaVersion": 2,
            "manifests": [
                ["mediaType": .string(ManifestMediaType.ociManifest), "digest": "sha256:a", "size": 5, "platform": ["os": "linux", "architecture": "amd64"]],
                ["mediaType": .string(ManifestMediaType.ociManifest), "digest": "sha256:b", "size": 5,
                 "platform": ["os": "linux", "architecture": "arm64", "variant": "v8"]],
                ["mediaType": .string(ManifestMediaType.ociManifest), "digest": "sha256:att", "size": 5, "platform": ["os": "unknown", "architecture": "unknown"]],
            ],
        ]
        guard case .index(let type, let entries) = try ImageManifest.parse(index.jsonBytes(), contentType: ManifestMediaType.ociIndex + "; charset=utf-8") else {
            Issue.record("not an index")
            return
        }
        #expect(type == ManifestMediaType.ociIndex)
        #expect(entries.compactMap(\.platform).map(\.description) == ["linux/amd64", "linux/arm64/v8", "unknown/unknown"])
        #expect(entries.compactMap(\.platform).filter(\.isRunnable).count == 2)
        #expect(try ImageManifest.parse(index.jsonBytes(), contentType: nil).mediaType == ManifestMediaType.ociIndex)

        let schema1: JSONValue = [
            "schemaVersion": 1, "architecture": "amd64",
            "history": [["v1Compatibility": #"{"created":"2020-01-02T03:04:05Z"}"#]],
        ]
        #expect(try ImageManifest.parse(schema1.jsonBytes(), contentType: ManifestMediaType.dockerSchema1Signed) == .schema1(architecture: "amd64", created: "2020-01-02T03:04:05Z"))

        #expect(throws: RegistryManifestError.self) { try ImageManifest.parse(Array("[1]".utf8), contentType: nil) }
        #expect(throws: RegistryManifestError.self) {
            try ImageManifest.parse(JSONValue.object(["mediaType": .string(ManifestMediaType.dockerManifest)]).jsonBytes(), contentType: nil)
        }
        let config = try ImageConfig.parse(Array(#"{"architecture":"arm64","variant":"v8","os":"linux","created":"2024-01-02T03:04:05.5Z","config":{"Labels":{"a":"b"}}}"#.utf8))
        #expect(config.platform == ImagePlatform(architecture: "arm64", variant: "v8"))
        #expect(config.labels == ["a": "b"])
        #expect(config.created != nil)
    }

    @Test func platformsMatchNodes() throws {
        let amd = try #require(ImagePlatform(parsing: "linux/amd64"))
        #expect(amd.runs(onOS: "linux", architecture: "amd64"))
        #expect(!amd.runs(onOS: "linux", architecture: "arm64"))
        #expect(try #require(ImagePlatform(parsing: "linux/arm64/v8")).runs(onOS: "linux", architecture: "arm64"))
        #expect(!ImagePlatform(os: "unknown", architecture: "unknown").runs(onOS: "linux", architecture: "amd64"))
        #expect(ImagePlatform(parsing: "amd64") == nil)
    }

    @Test func registryAddresses() throws {
        #expect(RegistryEndpoint(parsing: "http://127.0.0.1:5000/")?.baseURL == "http://127.0.0.1:5000")
        #expect(RegistryEndpoint(parsing: "https://r.example/v2/")?.host == "r.example")
        let bare = try #require(RegistryEndpoint(parsing: "registry.local:5000"))
        #expect(bare.baseURL == "https://registry.local:5000" && bare.host == "registry.local:5000")
        #expect(RegistryEndpoint(parsing: "docker.io")?.baseURL == "https://registry-1.docker.io")
        #expect(RegistryEndpoint(parsing: "ftp://x") == nil)
        #expect(RegistryEndpoint(parsing: "http://h:99999") == nil)
        #expect(RegistryEndpoint(parsing: "http://user@h") == nil)
        #expect(RegistryEndpoint(parsing: "http://h/path") == nil)
    }

    @Test func sizesDigestsAndDates() {
        #expect(ImageText.size(950) == "950 B")
        #expect(ImageText.size(12_345) == "12.3 kB")
        #expect(ImageText.size(183_400_000) == "183 MB")
        #expect(ImageText.size(1_240_000_000) == "1.24 GB")
        #expect(ImageText.size(150_000_000...183_000_000) == "150–183 MB")
        #expect(ImageText.size(900_000...1_500_000) == "900 kB–1.50 MB")
        #expect(ImageText.size(nil) == "-")
        #expect(ImageText.shortDigest("sha256:" + String(repeating: "ab", count: 32)) == "sha256:abababababab")
        #expect(ImageText.day(Timestamp.parse("2024-02-01T23:59:00Z")) == "2024-02-01")
        #expect(ImageText.tags(["1", "2", "3", "4", "5", "6"]) == "1, 2, 3, 4 +2")
        #expect(RepositoryImages.sortedTags(["latest", "1.10", "1.9", "2"]) == ["1.9", "1.10", "2", "latest"])
    }
}
