import Foundation
import MarvelCore
import MarvelSim
import Testing
@testable import MarvelTUI

/// The Services pane fed by the live backend over HTTP from the embedded cluster.
@Suite struct ServicesPaneClusterTests {
    typealias F = ServicesFixtures

    /// A template asking for 16 GPUs per pod: no node of the MARVEL topology has that many.
    static func greedyTemplate() throws -> Template {
        try Template.parse("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: ${NAME}
            spec:
              replicas: 1
              selector:
                matchLabels:
                  app: ${NAME}
              template:
                metadata:
                  labels:
                    app: ${NAME}
                spec:
                  containers:
                  - name: trainer
                    image: ${REGISTRY}/trainer:1
                    resources:
                      requests:
                        cpu: 100m
                        nvidia.com/gpu: 16
                      limits:
                        nvidia.com/gpu: 16
            ---
            kind: Template
            name: Greedy
            description: wants more GPUs than any node has
            variables:
            - name: NAME
              default: greedy
            - name: REGISTRY
              default: reg.local

            """, file: "/nonexistent/greedy.template.yaml")
    }

    @Test func aPodThatCannotFitShowsTheSchedulerReason() throws {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let client = KubeClient(target: KubeTarget(
            contextName: "t", clusterName: "t", server: cluster.serverURL, namespace: "default", sourceDescription: "test"))
        let automatic = AutomaticValues(namespace: "default", hostname: "h.local", registry: "reg.local:5000")
        _ = try Deployer(client: client).deploy(
            template: try Self.greedyTemplate(), name: "greedy", values: [:], namespace: "default", automatic: automatic, dryRun: false)

        let backend = LiveConsoleBackend(
            client: client, cache: testCache(client), namespace: "default", templateDirectories: [], automatic: automatic)
        backend.start()
        defer { backend.stop() }
        let deadline = Date().addingTimeInterval(30)
        func reason() -> String? {
            backend.services().statuses.first { $0.instance.name == "greedy" }?.pods.first?.pendingReason
        }
        while reason() == nil && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let full = try #require(reason(), "the pod never got a FailedScheduling reason")
        #expect(full.hasPrefix("0/11 nodes are available: "))

        let source = StaticDataSource(snapshot: nil, connection: .connected(at: F.now))
        let options = ConsoleOptions(source: source, contextName: "embedded", namespace: "default", serverURL: cluster.serverURL,
                                     environment: [:], backend: backend)
        let console = Console(options: options, panes: [NodesPane(), ServicesPane()])
        F.press(console, .char("2"))
        var screen = F.render(console, rows: 60, columns: 200)
        let row = screen.line(try #require(F.row(screen, of: "greedy")))
        #expect(row.contains("Pending: 0/11 nodes: Insufficient nvidia.com/gpu"))
        #expect(row.contains("0/1"))

        F.press(console, .enter)
        screen = F.render(console, rows: 60, columns: 200)
        let at = try #require(screen.find("0/11 nodes are available:"))
        #expect(screen.style(row: at.row, column: at.column).role == .statusWarn)
        #expect(screen.contains(full.count < 190 ? full : String(full.prefix(100))))
    }
}
