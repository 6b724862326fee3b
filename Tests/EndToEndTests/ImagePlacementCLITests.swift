import Foundation
import MarvelCore
import RegistryFixture
import Testing

/// The acceptance of images in placement, through `marvdash place -o json`
/// against a real registry: an image built for linux/amd64 only never lands on
/// an arm64 node (the reason names the image and the platform), a two-platform
/// index may go to either, and a node that already holds the image scores higher.
@Suite struct ImagePlacementCLITests {
    @Test func platformsFilterAndCachedImagesScore() throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        let images = TestImages(client: RegistryClient(endpoint: try #require(RegistryEndpoint(parsing: registry.url))))
        try images.push("imgtest/only-amd", tag: "1", platforms: [ImagePlatform(architecture: "amd64")])
        try images.push("imgtest/both", tag: "1", platforms: [ImagePlatform(architecture: "amd64"), ImagePlatform(architecture: "arm64", variant: "v8")], oci: true)

        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        try ImageTestTemplate.text(id: "onlyamd", image: "imgtest/only-amd:1").write(toFile: dir + "/onlyamd.template.yaml", atomically: true, encoding: .utf8)
        try ImageTestTemplate.text(id: "both", image: "imgtest/both:1", replicas: 3).write(toFile: dir + "/both.template.yaml", atomically: true, encoding: .utf8)
        let sim = try SimProcess.start()
        defer { sim.stop() }
        let common = sim.kubeconfigArguments + ["--templates", dir, "--registry", registry.url]
        let arm64 = ["mtedge1", "unsedge1"]

        // amd64 only: never on an arm64 node, and the reason says why.
        let only = try ProcessRunner.marvdash(["place", "onlyamd", "-o", "json"] + common)
        #expect(only.status == 0, "\(only.stderr)")
        let onlyWorkload = try #require(try JSONValue.parse(only.stdout)["workloads"]?[0])
        let chosen = (onlyWorkload["nodes"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(!chosen.isEmpty && chosen.allSatisfy { !arm64.contains($0) })
        for node in arm64 {
            let verdict = onlyWorkload["rejected"]?.arrayValue?.first { $0["node"]?.stringValue == node }
            #expect(verdict?["reasons"] == ["image imgtest/only-amd:1 has no linux/arm64 variant"], "\(node): \(String(describing: verdict))")
        }
        #expect(onlyWorkload["images"]?[0]?["platforms"] == ["linux/amd64"])
        let table = try ProcessRunner.marvdash(["place", "onlyamd"] + common)
        #expect(table.stdout.contains("image imgtest/only-amd:1: linux/amd64"))
        #expect(table.stdout.contains("mtedge1      edge   MT    image imgtest/only-amd:1 has no linux/arm64 variant"), "\(table.stdout)")

        // Two platforms: the arm64 boards may take it.
        let both = try ProcessRunner.marvdash(["place", "both", "-o", "json"] + common)
        let bothWorkload = try #require(try JSONValue.parse(both.stdout)["workloads"]?[0])
        let ranked = (bothWorkload["ranked"]?.arrayValue ?? []).compactMap { $0["node"]?.stringValue }
        #expect(arm64.allSatisfy(ranked.contains), "\(ranked)")

        // Deploy it; once its pods ran, the nodes holding the image score higher for the next instance.
        let deploy = try ProcessRunner.marvdash(["deploy", "both"] + common)
        #expect(deploy.status == 0, "\(deploy.stderr)")
        var holders: [String] = []
        let cached = try ProcessRunner.waitUntil(seconds: 30) {
            let r = try ProcessRunner.marvdash(["images", "imgtest/both", "-o", "json"] + common)
            holders = (try? JSONValue.parse(r.stdout))?["groups"]?[0]?["usage"]?["nodes"]?.arrayValue?.compactMap { $0["node"]?.stringValue } ?? []
            return holders.count == 3
        }
        #expect(cached, "the nodes never listed imgtest/both:1 (holders: \(holders))")
        let again = try ProcessRunner.marvdash(["place", "both", "--name", "both-2", "-o", "json"] + common)
        let scores = (try JSONValue.parse(again.stdout)["workloads"]?[0]?["ranked"]?.arrayValue ?? []).map {
            ($0["node"]?.stringValue ?? "", $0["score"]?["imageLocality"]?.intValue ?? -1)
        }
        let holding = scores.filter { holders.contains($0.0) }.map(\.1)
        let others = scores.filter { !holders.contains($0.0) }.map(\.1)
        #expect(!holding.isEmpty && !others.isEmpty, "\(scores)")
        #expect(holding.allSatisfy { $0 > 0 } && others.allSatisfy { $0 == 0 }, "imageLocality per node: \(scores)")
    }
}
