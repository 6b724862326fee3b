import Foundation
import MarvelCore
import Testing
@testable import MarvelTUI

/// The deploy form's Tolerate field (as `--tolerate`): dedicated nodes appear in the preview as
/// rejected with how to tolerate them, and a toleration typed in the form opens them.
@Suite struct DeployFlowTolerateTests {
    typealias P = PlacementFixtures

    private func flow(_ console: Console) throws -> DeployFlow {
        try #require((console.activePane as? TemplatesPane)?.flow)
    }

    /// The svc form open with the focus on its last field, Tolerate.
    private func formOnTolerate(_ backend: FakeConsoleBackend) throws -> Console {
        let console = try P.console(backend)
        ConsoleFixtures.press(console, .char("3"), .enter)
        ConsoleFixtures.press(console, .up)  // wraps to the last field
        let form = try flow(console).form
        #expect(form.variables[form.focus].label == "Tolerate")
        return console
    }

    @Test func aDedicatedNodeIsRejectedWithHowToTolerateIt() throws {
        let backend = try P.backend()
        let console = try formOnTolerate(backend)
        ConsoleFixtures.press(console, .enter, .char("p"))
        let screen = ConsoleFixtures.render(console, rows: 50, columns: 200)
        #expect(screen.contains("cloud-2  cloud  node(s) had untolerated taint {dedicated: ml}"))
        #expect(screen.contains("dedicated (dedicated=ml:NoSchedule): to use it, --tolerate dedicated=ml:NoSchedule"))
        #expect(backend.placementQueries.last?.placement.tolerations == [])
    }

    @Test func aTolerationTypedInTheFormOpensTheNodeAndGoesWithTheDeploy() throws {
        let backend = try P.backend()
        let console = try formOnTolerate(backend)
        ConsoleFixtures.type(console, "dedicated=ml:NoSchedule")
        #expect(try flow(console).form.values["marvdash/tolerate"] == nil, "the field is no template variable")
        ConsoleFixtures.press(console, .enter)
        let flowNow = try flow(console)
        #expect(flowNow.step == .preview)
        let tolerated = [PlacementToleration(key: "dedicated", value: "ml", effect: "NoSchedule")]
        #expect(flowNow.placement.tolerations == tolerated)
        let screen = ConsoleFixtures.render(console, rows: 50, columns: 200)
        #expect(screen.contains("Placement: auto · spread · tolerates dedicated=ml:NoSchedule"))
        #expect(backend.placementQueries.last?.placement.tolerations == tolerated)
        guard case .decided(let decision) = backend.placementPreview(try #require(backend.placementQueries.last)) else {
            Issue.record("no decision")
            return
        }
        #expect(decision.workloads[0].evaluation.ranked.contains { $0.node == "cloud-2" }, "the dedicated node is open to it now")
        ConsoleFixtures.press(console, .char("d"), .char("y"))
        guard case .placedDeploy(_, let values, _, _, let placement)? = backend.requests.last else {
            Issue.record("no deploy submitted: \(backend.requests)")
            return
        }
        #expect(placement.tolerations == tolerated)
        #expect(values["marvdash/tolerate"] == nil)
    }

    @Test func aTolerationThatIsNoTolerationKeepsTheForm() throws {
        let console = try formOnTolerate(try P.backend())
        ConsoleFixtures.type(console, "dedicated=ml:Sometimes")
        ConsoleFixtures.press(console, .enter)
        #expect(try flow(console).step == .form)
        #expect(console.flashMessage?.contains("effect 'Sometimes' must be NoSchedule, PreferNoSchedule or NoExecute") == true)
    }
}
