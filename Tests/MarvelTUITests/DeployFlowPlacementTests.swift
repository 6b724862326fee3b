import Foundation
import MarvelCore
import Testing
@testable import MarvelTUI

/// The placement part of the deploy preview: what it shows, `m`/`o`/`p`, node picking, refusals.
@Suite struct DeployFlowPlacementTests {
    typealias P = PlacementFixtures

    private func flow(_ console: Console) throws -> DeployFlow {
        try #require((console.activePane as? TemplatesPane)?.flow)
    }

    /// The svc form open, then previewed (or left at the form with `preview` false).
    private func preview(_ backend: FakeConsoleBackend, cpu: String? = nil) throws -> Console {
        let console = try P.console(backend)
        ConsoleFixtures.press(console, .char("3"), .enter)
        if let cpu {
            ConsoleFixtures.press(console, .down, .end)
            for _ in 0..<4 { ConsoleFixtures.press(console, .backspace) }
            ConsoleFixtures.type(console, cpu)
        }
        ConsoleFixtures.press(console, .enter)
        #expect(try flow(console).step == .preview)
        return console
    }

    /// The engine's decision for the svc template with `placement`, to compare the screen with.
    private func expected(_ placement: ConsolePlacement = .auto, cpu: String = "1") throws -> PlacementDecision {
        let query = PlacementQuery(templateID: "svc", instance: "svc", values: ["NAME": "svc", "CPU": cpu], namespace: "default", placement: placement)
        guard case .decided(let decision) = P.decide(query, template: try P.svc(), cluster: try ConsoleFixtures.snapshot()) else {
            Issue.record("the fixture should be placeable")
            throw CancellationError()
        }
        return decision
    }

    @Test func previewShowsChosenNodeAlternativesAndSummaryAboveTheManifests() throws {
        let backend = try P.backend()
        let console = try preview(backend)
        let decision = try expected()
        let workload = try #require(decision.workloads.first)
        let chosen = try #require(workload.nodes.first)
        let screen = ConsoleFixtures.render(console, rows: 40, columns: 140)
        #expect(screen.contains("Placement: auto · spread"))
        #expect(screen.contains("Deployment/svc → \(chosen) (\(workload.layer?.rawValue ?? "?"), score \(workload.score ?? -1))"))
        let next = workload.evaluation.ranked.filter { $0.node != chosen }.prefix(5).map { "\($0.node) \($0.score?.total ?? 0)" }
        #expect(next.count >= 2)
        #expect(screen.contains("next: " + next.joined(separator: " · ")))
        #expect(screen.contains(workload.evaluation.summary))
        #expect(screen.contains("kind: Deployment"))  // the manifests stay below
        #expect(backend.placementQueries.last?.placement == .auto)
        #expect(backend.placementQueries.last?.values["CPU"] == "1")
    }

    @Test func pShowsEveryRejectedNodeWithItsReasons() throws {
        let console = try preview(try P.backend())
        ConsoleFixtures.press(console, .char("p"))
        #expect(try flow(console).showsPlacement)
        let screen = ConsoleFixtures.render(console, rows: 40, columns: 160)
        #expect(screen.contains("alternatives (best first):"))
        #expect(screen.contains("rejected (2 of 6):"))
        let cloud2 = try #require((0..<screen.rows).map(screen.line).first { $0.contains("cloud-2  cloud") })
        #expect(cloud2.contains("untolerated taint"))
        #expect((0..<screen.rows).map(screen.line).contains { $0.contains("edge-1  edge") })
        #expect(!screen.contains("kind: Deployment"))
        ConsoleFixtures.press(console, .char("p"))
        #expect(ConsoleFixtures.render(console, rows: 40, columns: 160).contains("kind: Deployment"))
    }

    @Test func modeAndPolicyKeysChangeTheRequestTheDeployCarries() throws {
        let backend = try P.backend()
        let console = try preview(backend)
        ConsoleFixtures.press(console, .char("m"), .char("o"))
        #expect(try flow(console).placement == ConsolePlacement(mode: .layer, policy: .pack))
        #expect(ConsoleFixtures.render(console, rows: 40, columns: 140).contains("Placement: layer · pack"))
        #expect(backend.placementQueries.last?.placement == ConsolePlacement(mode: .layer, policy: .pack))
        ConsoleFixtures.press(console, .char("o"), .char("o"))
        #expect(try flow(console).placement.policy == .edgeFirst)
        ConsoleFixtures.press(console, .char("d"))
        #expect(ConsoleFixtures.render(console, rows: 40, columns: 140).contains(
            "Deploy svc as 'svc' in namespace default with placement layer · edge-first? y/N"))
        ConsoleFixtures.press(console, .char("y"))
        #expect(backend.requests == [.placedDeploy(
            templateID: "svc", values: ["NAME": "svc", "CPU": "1"], namespace: "default", dryRun: false,
            placement: ConsolePlacement(mode: .layer, policy: .edgeFirst))])
    }

    @Test func nodeModePicksFromTheRankedListWithJK() throws {
        let backend = try P.backend()
        let console = try preview(backend)
        let ranked = try #require(try expected().workloads.first?.evaluation.ranked.map(\.node))
        ConsoleFixtures.press(console, .char("m"), .char("m"))
        #expect(try flow(console).placement.mode == .none)
        #expect(ConsoleFixtures.render(console, rows: 40, columns: 140).contains("the cluster's scheduler decides"))
        ConsoleFixtures.press(console, .char("m"))
        #expect(try flow(console).placement.mode == .node(ranked[0]))
        #expect(try flow(console).nodeChoices == ranked)
        ConsoleFixtures.press(console, .char("j"))
        #expect(try flow(console).placement.mode == .node(ranked[1]))
        #expect(ConsoleFixtures.render(console, rows: 40, columns: 140).contains("j/k pick the node: 2/\(ranked.count)"))
        ConsoleFixtures.press(console, .char("k"), .char("k"))
        #expect(try flow(console).placement.mode == .node(ranked[ranked.count - 1]))
        ConsoleFixtures.press(console, .enter, .char("y"))
        guard case .placedDeploy(_, _, _, _, let placement)? = backend.requests.first else {
            Issue.record("expected a placed deploy, got \(backend.requests)")
            return
        }
        #expect(placement.mode == .node(ranked[ranked.count - 1]))
    }

    @Test func anImpossibleRequestShowsTheReasonsAndRefusesToDeploy() throws {
        let backend = try P.backend()
        let console = try preview(backend, cpu: "64")
        let screen = ConsoleFixtures.render(console, rows: 40, columns: 200)
        #expect(backend.placementQueries.last?.values["CPU"] == "64")
        #expect(screen.contains("✖ no node can run Deployment/svc: 0/6 nodes are available:"))
        #expect(screen.contains("Insufficient cpu"))
        #expect(screen.contains("deploying is refused"))
        ConsoleFixtures.press(console, .char("d"))
        #expect(try flow(console).step == .preview)
        #expect(console.flashMessage?.hasPrefix("cannot deploy: no node can run Deployment/svc") == true)
        #expect(backend.requests.isEmpty)
        // Mode none leaves it to the cluster: deploying is allowed again.
        ConsoleFixtures.press(console, .char("m"), .char("m"), .char("d"))
        #expect(try flow(console).step == .confirm)
    }

    @Test func withoutAPlacerThePreviewSaysSoAndDeploysWithAuto() throws {
        let backend = FakeConsoleBackend(catalog: ConsoleCatalog(templates: [try P.svc()], problems: []))
        let console = try preview(backend)
        #expect(ConsoleFixtures.render(console, rows: 40, columns: 140).contains("this console has no placer"))
        ConsoleFixtures.press(console, .char("d"))
        #expect(ConsoleFixtures.render(console, rows: 40, columns: 140).contains("Deploy svc as 'svc' in namespace default? y/N"))
        ConsoleFixtures.press(console, .char("y"))
        #expect(backend.requests == [.placedDeploy(
            templateID: "svc", values: ["NAME": "svc", "CPU": "1"], namespace: "default", dryRun: false, placement: .auto)])
    }

    @Test func keyHelpListsThePlacementKeysAndASCIIStaysASCII() throws {
        let console = try preview(try P.backend())
        let keys = try flow(console).keyHelp()
        #expect(keys.contains { $0.keys == "m" })
        #expect(keys.contains { $0.keys == "o" })
        #expect(keys.contains { $0.keys == "p" })
        for p in [false, true] {
            if p { ConsoleFixtures.press(console, .char("p")) }
            let screen = ConsoleFixtures.render(console, rows: 40, columns: 140, unicode: false)
            let text = (0..<screen.rows).map(screen.line).joined(separator: "\n")
            let ascii = text.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(ascii, "non-ASCII in:\n\(text)")
            #expect(text.contains("Deployment/svc"))
        }
    }

    @Test func anUpgradeKeepsTheRecordedPlacementUnlessItIsChanged() throws {
        let backend = try P.backend()
        let instance = Instance(
            name: "svc", namespace: "default", templateID: "svc", revision: 3, values: ["CPU": "1"], managedBy: .marvdash,
            placement: ["mode": "layer", "policy": "pack", "workloads": []])
        var flow = DeployFlow(template: try P.svc(), values: ["CPU": "2"], automatic: [:], upgrading: instance)
        let context = PaneContext(
            snapshot: nil, connection: .connecting, generation: 0, serverURL: "", viewport: Rect(row: 0, column: 0, height: 30, width: 120),
            backend: backend)
        #expect(flow.placement == ConsolePlacement(mode: .layer, policy: .pack))
        _ = flow.handle(.enter, context: context)
        #expect(flow.request(context: context) == .upgrade(name: "svc", namespace: "default", values: ["CPU": "2"]))
        #expect(flow.question(context: context) == "Upgrade 'svc' to revision 4? y/N")
        _ = flow.handle(.char("o"), context: context)
        #expect(flow.request(context: context) == .placedUpgrade(
            name: "svc", namespace: "default", values: ["CPU": "2"], placement: ConsolePlacement(mode: .layer, policy: .balanced)))
        #expect(flow.question(context: context) == "Upgrade 'svc' to revision 4 with placement layer · balanced? y/N")
        #expect(flow.placementQuery(context: context).values == ["CPU": "2", "NAME": "svc"])
    }
}
