import MarvelCore
import Testing

/// Images in placement: the platform filter keeps pods off nodes no variant of
/// their image was built for, and ImageLocality (kube-scheduler's formula)
/// favours nodes that already hold the image.
@Suite struct ImagePlacementTests {
    static let mib: Int64 = 1024 * 1024
    let amd64 = ImagePlatform(architecture: "amd64")
    let arm64 = ImagePlatform(architecture: "arm64", variant: "v8")

    func node(_ name: String, arch: String, images: [String: Int64] = [:]) -> PlacementNode {
        var n = PT.node(name, arch: arch)
        n.images = images
        return n
    }

    func requirement(_ images: [ComponentImage]) -> ComponentRequirement {
        ComponentRequirement(name: "Deployment/app", pod: PT.pod(["cpu": "100m"]), images: images)
    }

    @Test func anAmd64OnlyImageNeverGoesToAnArm64Node() throws {
        let s = PT.snapshot([node("edge", arch: "arm64"), node("fog", arch: "amd64")])
        let only = ComponentImage(reference: "r:5000/team/app:1", check: .platforms([amd64]))
        let compiled = CompiledComponent(requirement([only]), policy: .spread, snapshot: s)
        #expect(compiled.reasons(0, s) == ["image team/app:1 has no linux/arm64 variant"])
        #expect(compiled.reasons(1, s).isEmpty)
        #expect(compiled.best(s) == 1)
        let evaluation = ComponentEvaluation(compiled, snapshot: s)
        #expect(evaluation.summary == "1/2 nodes are available: 1 image team/app:1 has no linux/arm64 variant.")
        #expect(ComponentImage.notes(evaluation.images) == ["image team/app:1: linux/amd64"])
    }

    @Test func aTwoPlatformIndexRunsOnEither() {
        let s = PT.snapshot([node("edge", arch: "arm64"), node("fog", arch: "amd64")])
        let both = ComponentImage(reference: "r:5000/app:2", check: .platforms([amd64, arm64]))
        let compiled = CompiledComponent(requirement([both]), policy: .spread, snapshot: s)
        #expect(compiled.candidates == [0, 1])
    }

    @Test func uncheckedImagesFilterNothingAndSaySo() {
        let s = PT.snapshot([node("edge", arch: "arm64")])
        let unknown = ComponentImage(reference: "r:5000/app:2", check: .unknown("registry http://r:5000 is unreachable"))
        let compiled = CompiledComponent(requirement([unknown, ComponentImage(reference: "busybox")]), policy: .spread, snapshot: s)
        #expect(compiled.candidates == [0])
        #expect(ComponentImage.notes(ComponentEvaluation(compiled, snapshot: s).images)
            == ["image app:2: platforms could not be checked (registry http://r:5000 is unreachable)"])
    }

    @Test func imageLocalityFollowsKubeSchedulersFormula() {
        // 600 MiB on one of three nodes: 600 × 1/3 = 200 MiB → (200 − 23) × 100 / (1000 − 23) = 18.
        let holder = node("a", arch: "amd64", images: ["r/app:1": 600 * Self.mib, "r/app@sha256:x": 600 * Self.mib])
        let s = PT.snapshot([holder, node("b", arch: "amd64"), node("c", arch: "amd64")])
        #expect(ImageLocalityScore.score(["r/app:1"], node: 0, in: s) == 18)
        #expect(ImageLocalityScore.score(["r/app:1"], node: 1, in: s) == 0)
        // Below 23 MiB after spreading counts nothing; the sum is capped at 1000 MiB per container.
        #expect(ImageLocalityScore.priority(20 * Self.mib, containers: 1) == 0)
        #expect(ImageLocalityScore.priority(5000 * Self.mib, containers: 1) == 100)
        #expect(ImageLocalityScore.priority(1000 * Self.mib, containers: 2) == 49)  // (1000 − 23) × 100 / (2000 − 23)
        // A reference without a tag is looked up as :latest.
        #expect(ImageLocalityScore.normalized("r:5000/app") == "r:5000/app:latest")
        #expect(ImageLocalityScore.normalized("r:5000/app:2") == "r:5000/app:2")
        #expect(ImageLocalityScore.normalized("r/app@sha256:x") == "r/app@sha256:x")
        #expect(s.imageNodeCounts["r/app:1"] == 1)
    }

    @Test func theNodeHoldingTheImageScoresHigher() throws {
        let size = 900 * Self.mib
        let s = PT.snapshot([node("a", arch: "amd64"), node("b", arch: "amd64", images: ["r/app:1": size])])
        let compiled = CompiledComponent(requirement([ComponentImage(reference: "r/app:1")]), policy: .spread, snapshot: s)
        let plain = compiled.score(0, s)
        let cached = compiled.score(1, s)
        #expect(plain.imageLocality == 0)
        #expect(cached.imageLocality == 43)  // 900 × 1/2 = 450 MiB → (450 − 23) × 100 / 977
        #expect(cached.total == plain.total + cached.imageLocality)
        #expect(compiled.best(s) == 1)
        #expect(cached.json["imageLocality"] == 43)
    }

    @Test func componentsCarryTheirContainersImagesAndChecksFillIn() throws {
        let deployment: JSONValue = [
            "kind": "Deployment", "metadata": ["name": "web"],
            "spec": ["template": ["spec": [
                "initContainers": [["name": "init", "image": "r/init:1"]],
                "containers": [["name": "a", "image": "r/app:1"], ["name": "b", "image": "r/app:1"]],
            ]]],
        ]
        let components = try ComponentRequirement.components(of: [deployment])
        #expect(components[0].images.map(\.reference) == ["r/init:1", "r/app:1", "r/app:1"])
        let checked = ComponentRequirement.checkingImages(components, with: FixedPlatforms(["r/app:1": .platforms([amd64])]))
        #expect(checked[0].images.map(\.check) == [.notChecked, .platforms([amd64]), .platforms([amd64])])
        #expect(ComponentImage.distinct(checked[0].images).count == 2)
        #expect(ComponentRequirement.checkingImages(components, with: nil) == components)
    }
}

/// A platform source with fixed answers.
struct FixedPlatforms: ImagePlatformSource {
    var answers: [String: ImagePlatformCheck]
    init(_ answers: [String: ImagePlatformCheck]) { self.answers = answers }
    func check(_ references: [String]) -> [String: ImagePlatformCheck] { answers.filter { references.contains($0.key) } }
}
