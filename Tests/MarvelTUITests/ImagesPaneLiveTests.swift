import Foundation
import MarvelCore
import MarvelSim
import MarvelTUI
import Testing

/// The Images pane fed by a `RegistryBrowser` reading the embedded cluster's
/// demo registry over HTTP in the background.
@Suite struct ImagesPaneLiveTests {
    /// Renders until the screen shows `text` (generous deadline; the fetches run in the background).
    private func render(_ console: Console, until text: String) -> MemoryScreen {
        let deadline = Date().addingTimeInterval(30)
        var screen = ImagesPaneFixtures.render(console)
        while Date() < deadline, !screen.contains(text) {
            Thread.sleep(forTimeInterval: 0.05)
            screen = ImagesPaneFixtures.render(console)
        }
        #expect(screen.contains(text), "never showed \(text):\n\(screen.text)")
        return screen
    }

    @Test func theDemoRegistryInThePane() throws {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let client = RegistryClient(endpoint: try #require(RegistryEndpoint(parsing: cluster.registryURL)))
        let browser = RegistryBrowser(client: client)
        let data = StaticDataSource(snapshot: nil, connection: .connecting)
        let options = ConsoleOptions(
            source: data, contextName: "c", namespace: "default", serverURL: cluster.serverURL, timeZone: TimeZone(identifier: "UTC") ?? .current,
            environment: [:], images: browser)
        let console = Console(options: options)
        ConsoleFixtures.press(console, .char("4"))
        _ = render(console, until: "cp-kafka")
        ConsoleFixtures.press(console, .char("/"))
        ConsoleFixtures.type(console, "cp-kafka")
        ConsoleFixtures.press(console, .enter, .enter)
        let screen = render(console, until: "5.3.1, latest")
        let row = try #require(screen.find("5.3.1, latest"))
        #expect(screen.line(row.row).contains("linux/amd64"))
        #expect(screen.line(row.row).contains("docker-v2"))
        // Without a cluster snapshot the panel says node caches are unknown rather than "none".
        #expect(screen.contains("unknown (the cluster cannot be read)"))
    }
}
