import MarvelCore
import MarvelTUI
import Testing

/// The deploy preview names the registry's answer about a workload's images:
/// their platforms, or that they could not be checked (and then nothing was filtered).
@Suite struct PlacementPreviewImagesTests {
    func decision(_ check: ImagePlatformCheck) throws -> PlacementDecision {
        let snapshot = PlacementSnapshot(nodes: [PlacementNode(name: "edge-1", arch: "arm64", allocatable: ["cpu": Quantity(value: 4), "pods": Quantity(value: 10)])])
        let requirement = ComponentRequirement(
            name: "Deployment/app", pod: PodRequirements(), images: [ComponentImage(reference: "reg:5000/app:1", check: check)])
        return try TemplatePlacer(request: .auto).decide([requirement], snapshot: snapshot)
    }

    @Test func thePreviewSaysWhatTheRegistrySaid() throws {
        let checked = PlacementPreviewText.compact(.decided(try decision(.platforms([ImagePlatform(architecture: "arm64")]))))
        #expect(checked.map(\.plainText).contains("    image app:1: linux/arm64"))

        let unchecked = PlacementPreviewText.compact(.decided(try decision(.unknown("registry http://reg:5000 is unreachable"))))
        let line = unchecked.first { $0.plainText.contains("could not be checked") }
        #expect(line?.plainText == "    image app:1: platforms could not be checked (registry http://reg:5000 is unreachable)")
        #expect(line?.spans.first?.style.role == .statusWarn)
        #expect(PlacementPreviewText.full(.decided(try decision(.unknown("x")))).contains { $0.plainText.contains("could not be checked (x)") })
    }
}
