import Foundation
import MarvelCore
import Testing
@testable import MarvelTUI

/// The Services pane's figures and reasons, read in full.
@Suite struct ServicesPaneReadingTests {
    typealias F = ServicesFixtures
    typealias Pod = InstanceStatus.PodEntry

    /// An instance with `pending` pods held back by the same scheduler message, plus one other reason.
    static func big(pending: Int) -> InstanceStatus {
        let instance = Instance(
            name: "kbig", namespace: "default", templateID: "kafka", revision: 1, values: ["NAME": "kbig"], managedBy: .marvdash,
            createdAt: F.now.addingTimeInterval(-60), revisions: [1], manifests: [F.object("StatefulSet", "kbig", apiVersion: "apps/v1")])
        var pods = (0..<585).map {
            Pod(name: "kbig-\($0)", phase: "Running", status: "Running", ready: "1/1", node: "mtfog1", layer: .fog, restarts: 0, pendingReason: nil)
        }
        pods += (585..<(585 + pending)).map {
            Pod(name: "kbig-\($0)", phase: "Pending", status: "Pending", ready: "0/1", node: "", layer: nil, restarts: 0,
                pendingReason: F.pendingReason)
        }
        pods.append(Pod(name: "kbig-999", phase: "Pending", status: "Pending", ready: "0/1", node: "", layer: nil, restarts: 0,
                        pendingReason: "0/11 nodes are available: 11 node(s) didn't match pod anti-affinity rules."))
        return InstanceStatus(instance: instance, pods: pods.reversed(), ready: 585, desired: 1000, endpoints: [])
    }

    @Test func readyCountsOfThousandsFitAt80Columns() throws {
        let backend = FakeServicesBackend(services: F.state([Self.big(pending: 414)]))
        let screen = F.render(F.console(backend), rows: 24, columns: 80)
        let row = try #require(F.row(screen, of: "kbig"))
        #expect(screen.line(row).contains("585/1000"))
    }

    @Test func identicalPendingReasonsAreGivenOnceWithTheirCount() throws {
        let backend = FakeServicesBackend(services: F.state([Self.big(pending: 414)]))
        let console = F.console(backend)
        F.press(console, .enter)
        guard case .detail(_, let viewer)? = F.pane(console)?.view else {
            Issue.record("the detail did not open")
            return
        }
        let text = viewer.lines.map(\.plainText)
        #expect(text.filter { $0.contains("Insufficient nvidia.com/gpu") }.count == 1)
        #expect(text.contains { $0.hasPrefix("    414 pods Pending: 0/11 nodes are available: 3 Insufficient cpu") })
        #expect(text.contains { $0.hasPrefix("    kbig-999 is Pending: 0/11 nodes are available: 11 node(s) didn't match") })
        // Pods in natural order: kbig-0, kbig-1, kbig-2, … kbig-10 (the fixture lists them reversed).
        let names = text.compactMap { line -> String? in
            guard line.hasPrefix("  kbig-") else { return nil }
            return String(line.dropFirst(2).prefix { $0 != " " })
        }
        #expect(Array(names.prefix(11)) == (0...10).map { "kbig-\($0)" })
        #expect(names.count == 1000)
    }
}
