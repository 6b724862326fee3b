import Foundation
import MarvelCore
import Testing

@testable import MarvelTUI

/// Usage next to requests: one bar with two marks per node, the layer's used
/// share in its heading, a mark on nodes that use far more than they request,
/// and the figures in the node detail.
@Suite struct NodesPaneUsageTests {
    typealias F = ConsoleFixtures

    /// cloud-1 (16 cores, 8 requested) uses 4 (25%); fog-1 (8 cores, 0.5 requested) uses 6: far above.
    static func snapshot() throws -> ClusterSnapshot {
        var snapshot = try F.snapshot()
        snapshot.usage = ClusterUsage(
            nodes: [
                "cloud-1": ResourceUsage(cpu: try Quantity(parsing: "4"), memory: try Quantity(parsing: "16Gi")),
                "fog-1": ResourceUsage(cpu: try Quantity(parsing: "6"), memory: try Quantity(parsing: "1Gi")),
            ],
            pods: ["default/web-1": ResourceUsage(cpu: try Quantity(parsing: "1500m"), memory: try Quantity(parsing: "3Gi"))])
        return snapshot
    }

    func lines(_ screen: MemoryScreen) -> [String] { (0..<screen.rows).map(screen.line) }

    func console() throws -> Console {
        Console(options: ConsoleOptions(
            source: StaticDataSource(snapshot: try Self.snapshot(), connection: .connected(at: F.now)), contextName: "c",
            namespace: "default", serverURL: F.serverURL, environment: [:]))
    }

    @Test func rowsShowRequestedAndUsedAndMarkNodesUsingFarMore() throws {
        let screen = F.render(try console(), rows: 40, columns: 180)
        let cloud = try #require(lines(screen).first { $0.hasPrefix("cloud-1 ") })
        #expect(cloud.contains("50%·25%"), "cpu requested 8 of 16, used 4: \(cloud)")
        let fog = try #require(lines(screen).first { $0.hasPrefix("fog-1 ") })
        #expect(fog.contains("Ready ▲"), "6 cores used, 0.5 requested: \(fog)")
        #expect(!cloud.contains("▲"))
        let edge = try #require(lines(screen).first { $0.hasPrefix("edge-2 ") })
        #expect(!edge.contains("·"), "no usage known: the requested bar alone")
        // Of the layer's nodes that report usage (cloud-1 alone): 4 of 16 cores, 16 of 64 GiB.
        #expect(lines(screen).contains { $0.contains("▼ CLOUD") && $0.contains("used cpu 25% mem 25%") })
        // The used mark sits on the bar.
        let at = try #require(screen.find("50%·25%"))
        #expect(screen.line(at.row).contains("┃"))
    }

    @Test func detailShowsUsedNextToRequested() throws {
        let console = try console()
        _ = F.render(console, rows: 40, columns: 180)
        F.press(console, .enter)
        let screen = F.render(console, rows: 40, columns: 180)
        #expect(screen.contains("Node cloud-1"))
        #expect(screen.contains("REQUESTED") && screen.contains("USED"))
        #expect(lines(screen).contains { $0.contains("cpu ") && $0.contains("8 (50%)") && $0.contains("4 (25%)") })
        #expect(lines(screen).contains { $0.contains("default/web-1") && $0.contains("1.5") && $0.contains("3Gi") })
    }

    @Test func usagePolicyCountsWhatNodesUse() throws {
        let snapshot = PlacementSnapshot(cluster: try Self.snapshot())
        let fog = try #require(snapshot.index(of: "fog-1"))
        #expect(snapshot.hasUsage)
        #expect(snapshot.cpuAboveRequests[fog] == 5_500, "6 cores used, 500m requested")
        let pod = PodRequirements(requests: ["cpu": try Quantity(parsing: "100m"), "memory": try Quantity(parsing: "64Mi")])
        let requirement = ComponentRequirement(name: "Deployment/x", pod: pod)
        let spread = CompiledComponent(requirement, policy: .spread, snapshot: snapshot)
        let usage = CompiledComponent(requirement, policy: .usage, snapshot: snapshot)
        #expect(usage.score(fog, snapshot).resources < spread.score(fog, snapshot).resources, "the busy node scores lower")
        #expect(usage.score(fog, snapshot).usageAboveRequests == 35, "(68% cpu + 3% memory) / 2 above requests")
        #expect(spread.score(fog, snapshot).usageAboveRequests == nil)
    }
}
