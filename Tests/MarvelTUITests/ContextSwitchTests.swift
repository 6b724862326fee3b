import Foundation
import MarvelCore
import Testing
@testable import MarvelTUI

/// A kubeconfig with two contexts, the second opened on the same embedded cluster
/// through a new client, watch cache, backend and resource source.
final class TwoContexts: ContextSwitching, @unchecked Sendable {
    let server: String
    private(set) var opened: [String] = []
    private(set) var closed = 0
    private(set) var last: ConsoleConnectionParts?

    init(server: String) { self.server = server }

    func contexts(current: String) throws -> ContextList {
        ContextList(entries: [
            .init(name: "sim", cluster: "sim", namespace: "default"),
            .init(name: "edge-site", cluster: "edge", namespace: "kube-system"),
        ], current: current)
    }

    func open(context name: String) throws -> ConsoleConnectionParts {
        guard name == "edge-site" else { throw BackgroundFailure(text: "context \"\(name)\" is not in the kubeconfig") }
        opened.append(name)
        let client = KubeClient(target: KubeTarget(
            contextName: name, clusterName: "edge", server: server, namespace: "kube-system", sourceDescription: "test"))
        let cache = testCache(client)
        let backend = LiveConsoleBackend(client: client, cache: cache, namespace: "kube-system", templateDirectories: [], automatic: AutomaticValues())
        let parts = ConsoleConnectionParts(
            source: CacheDataSource(cache: cache), backend: backend, resources: LiveResourceSource(client: client), metrics: nil,
            contextName: name, namespace: "kube-system", serverURL: server + "/edge", warnings: [], close: { [self] in closed += 1 })
        last = parts
        return parts
    }
}

@Suite struct ContextSwitchTests {
    @Test func ctxListsTheContextsAndEnterRebuildsTheConnection() throws {
        let rig = try ResourceRig()
        let switcher = TwoContexts(server: rig.cluster.serverURL)
        rig.console.options.contextSwitcher = switcher
        rig.command("po")
        _ = rig.waitForRows("default pods or none") { _ in true }
        rig.command("ctx")
        rig.console.render(on: rig.screen, now: Date())
        #expect(rig.screen.contains("Contexts[2]"))
        #expect(rig.screen.contains("edge-site"))
        #expect(rig.pane?.shown.map(\.name) == ["sim", "edge-site"])
        #expect(rig.pane?.shown.first?.cells.first == "*")
        // Enter on the current one says so; on the other it switches.
        rig.press(.enter)
        #expect(rig.console.flashMessage == "already on context sim")
        rig.press(.char("j"), .enter)
        #expect(switcher.opened == ["edge-site"])
        #expect(rig.console.options.contextName == "edge-site")
        #expect(rig.console.options.namespace == "kube-system")
        #expect(rig.console.options.resources === switcher.last?.resources)
        #expect(rig.console.options.backend === switcher.last?.backend)
        rig.console.render(on: rig.screen, now: Date())
        #expect(rig.screen.line(0).contains("edge-site"))
        #expect(rig.screen.line(0).contains("kube-system"))
        // Every pane follows: the pods view lists the new context's namespace through the new source.
        rig.command("po")
        let rows = rig.waitForRows("kube-system pods on the new context")
        #expect(rows.allSatisfy { $0.namespace == "kube-system" })
        // Completion offers the contexts; an unknown one is refused in one line.
        rig.command("ctx nowhere")
        #expect(rig.console.flashMessage?.hasPrefix("cannot switch to context nowhere") == true)
        _ = rig.console.handle(.char(":"))
        for c in "ctx ed" { _ = rig.console.handle(.char(c)) }
        _ = rig.console.handle(.tab)
        #expect(rig.console.inputLine == ":ctx edge-site")
        _ = rig.console.handle(.escape)
        rig.console.shutdown()
        #expect(switcher.closed == 1)
    }

    @Test func withoutAKubeconfigCtxSaysWhy() throws {
        let rig = try ResourceRig()
        rig.command("ctx")
        #expect(rig.console.flashMessage?.contains("start with --kubeconfig to switch contexts") == true)
    }
}
