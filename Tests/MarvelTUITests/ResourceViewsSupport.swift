import Foundation
import MarvelCore
import MarvelSim
import Testing
@testable import MarvelTUI

/// A console on the embedded cluster with live resource views, and helpers
/// that type commands and wait (generous deadline) for what the screen shows.
final class ResourceRig {
    let cluster: EmbeddedCluster
    let client: KubeClient
    let backend: LiveConsoleBackend
    let resources: LiveResourceSource
    let console: Console
    let screen = MemoryScreen(rows: 40, columns: 160)

    init(readOnly: Bool = false, namespace: String = "default", contexts: (any ContextSwitching)? = nil) throws {
        cluster = try EmbeddedCluster.start()
        client = KubeClient(target: KubeTarget(
            contextName: "sim", clusterName: "sim", server: cluster.serverURL, namespace: namespace, sourceDescription: "test"))
        let cache = testCache(client)
        backend = LiveConsoleBackend(client: client, cache: cache, namespace: namespace, templateDirectories: [], automatic: AutomaticValues())
        resources = LiveResourceSource(client: client)
        let source = CacheDataSource(cache: cache)
        let options = ConsoleOptions(
            source: source, contextName: "sim", namespace: namespace, serverURL: cluster.serverURL, readOnly: readOnly,
            environment: ["TERM": "xterm"], backend: backend, resources: resources, contextSwitcher: contexts)
        console = Console(options: options)
        backend.start()
    }

    deinit {
        console.shutdown()
        cluster.stop()
    }

    var pane: ResourcesPane? { console.panes.first { $0 is ResourcesPane } as? ResourcesPane }

    /// Types `:text` and Enter.
    func command(_ text: String) {
        _ = console.handle(.char(":"))
        for c in text { _ = console.handle(.char(c)) }
        _ = console.handle(.enter)
    }

    func press(_ keys: Key...) {
        for key in keys { _ = console.handle(key) }
    }

    /// Types `/text` and Enter (the pane's filter).
    func filter(_ text: String) {
        _ = console.handle(.char("/"))
        for c in text { _ = console.handle(.char(c)) }
        _ = console.handle(.enter)
    }

    /// Renders frames until `check` holds (30 s deadline); records an issue naming `what` otherwise.
    @discardableResult
    func waitFor(_ what: String, _ check: (ResourcesPane, MemoryScreen) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            console.render(on: screen, now: Date())
            if let pane, check(pane, screen) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \(what); the screen:\n\(screen.text)")
        return false
    }

    /// Waits until the view has rows (the watch listed and the Table arrived).
    @discardableResult
    func waitForRows(_ what: String, where check: @escaping ([ResourceRow]) -> Bool = { !$0.isEmpty }) -> [ResourceRow] {
        var rows: [ResourceRow] = []
        waitFor(what) { pane, _ in
            rows = pane.shown
            return pane.data.table != nil && check(rows)
        }
        return rows
    }

    /// Creates an object through the API (as kubectl would).
    func create(_ path: String, _ object: JSONValue) throws {
        _ = try client.send(.post, path, headers: [(name: "Content-Type", value: "application/json")], body: object.jsonBytes())
    }

    /// Polls the API until `check` gives a value (30 s deadline).
    func eventually<T>(_ what: String, _ check: () -> T?) -> T? {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let value = check() { return value }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \(what)")
        return nil
    }
}
