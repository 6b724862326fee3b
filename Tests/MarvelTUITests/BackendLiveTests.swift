import Foundation
import MarvelCore
import MarvelSim
import MarvelTUI
import Testing

/// The live console backend against the embedded cluster over HTTP.
@Suite struct BackendLiveTests {
    /// Waits (generous deadline) until `check` gives a value.
    private func wait<T>(_ what: String, _ check: () -> T?) -> T? {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let value = check() { return value }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \(what)")
        return nil
    }

    private func finished(_ backend: LiveConsoleBackend, _ id: ConsoleJobID) -> ConsoleJob? {
        wait("job \(id.rawValue)") {
            guard let job = backend.job(id), job.outcome != .running else { return nil }
            return job
        }
    }

    @Test func deploysPollsFollowsLogsAndDeletesOverHTTP() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-backend-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try BackendFixtures.webText.write(toFile: folder + "/web.template.yaml", atomically: true, encoding: .utf8)
        try BackendFixtures.malformedText.write(toFile: folder + "/broken.template.yaml", atomically: true, encoding: .utf8)

        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let client = KubeClient(target: KubeTarget(
            contextName: "t", clusterName: "t", server: cluster.serverURL, namespace: "default", sourceDescription: "test"))
        let backend = LiveConsoleBackend(
            client: client, cache: testCache(client), namespace: "default", templateDirectories: [folder],
            automatic: AutomaticValues(registry: "reg.local:5000"))
        backend.start()
        defer { backend.stop() }

        let catalog = backend.catalog()
        #expect(catalog.templates.map(\.id) == ["web"])
        #expect(catalog.problems.count == 1)
        #expect(catalog.problems.first?.hasPrefix(folder + "/broken.template.yaml:") == true)
        let web = try #require(catalog.templates.first)
        #expect(backend.automaticValues(for: web) == ["NAMESPACE": "default", "REGISTRY": "reg.local:5000"])

        let values = ["NAME": "web", "REPLICAS": "1", "MODE": "fast", "DEBUG": "no"]
        let deployed = finished(backend, backend.submit(.deploy(templateID: "web", values: values, namespace: "default", dryRun: false)))
        #expect(deployed?.outcome == .succeeded("deployed web as 'web' (revision 1): 2 objects"))
        #expect(deployed?.progress.contains("applied Deployment/web") == true)

        let running = wait("web Running in the list") {
            backend.services().statuses.first { $0.instance.name == "web" && $0.summary == "Running" }
        }
        #expect(running?.instance.templateID == "web")
        #expect(backend.services().error == nil)

        let logs = backend.followLogs(LogQuery(instance: "web", namespace: "default"))
        let lines = wait("log lines") { logs.read().lines.isEmpty ? nil : logs.read().lines }
        #expect(lines?.isEmpty == false)
        // Asked with timestamps=true: every line carries the kubelet's timestamp.
        #expect(lines?.allSatisfy { LogTimestamp($0.timestamp) != nil } == true)
        logs.cancel()
        #expect(logs.read().state == .ended)
        // A cancelled follower's thread ends by itself (the transfer is aborted, no further line needed).
        let follower = LogFollower(deployer: backend.deployer, instance: "web", namespace: "default", pod: nil)
        _ = wait("the follower's first line") { follower.lines().isEmpty ? nil : true }
        follower.cancel()
        #expect(wait("the log thread to end") { follower.isFinished ? true : nil } == true)
        #expect(follower.endReason() == "")

        let again = finished(backend, backend.submit(.deploy(templateID: "web", values: values, namespace: "default", dryRun: false)))
        guard case .failed(let message)? = again?.outcome else {
            Issue.record("a second deploy of the same name should fail")
            return
        }
        #expect(message.contains("an instance named web already exists"))

        let deleted = finished(backend, backend.submit(.delete(name: "web", namespace: "default")))
        #expect(deleted?.progress.contains("removed Deployment/web") == true)
        guard case .succeeded(let line)? = deleted?.outcome else {
            Issue.record("delete failed: \(String(describing: deleted?.outcome))")
            return
        }
        #expect(line.hasPrefix("deleted 'web': removed"))
        _ = wait("web gone from the list") { backend.services().statuses.contains { $0.instance.name == "web" } ? nil : true }
    }

    @Test func aLostServerKeepsTheLastGoodListAndSaysWhyInOneLine() throws {
        let cluster = try EmbeddedCluster.start()
        var stopped = false
        defer { if !stopped { cluster.stop() } }
        let client = KubeClient(target: KubeTarget(
            contextName: "t", clusterName: "t", server: cluster.serverURL, namespace: "default", sourceDescription: "test"))
        let template = try BackendFixtures.web()
        _ = try Deployer(client: client).deploy(
            template: template, name: "shop", values: [:], namespace: "default", automatic: AutomaticValues(), dryRun: false)
        let backend = LiveConsoleBackend(
            client: client, cache: testCache(client), namespace: "default", templateDirectories: [], automatic: AutomaticValues())
        backend.start()
        defer { backend.stop() }
        _ = wait("shop in the list") { backend.services().statuses.contains { $0.instance.name == "shop" } ? true : nil }
        let before = backend.services().generation
        cluster.stop()
        stopped = true
        let failed = wait("a connection error") { backend.services().error }
        #expect(failed?.contains("\n") == false)
        #expect(backend.services().statuses.map(\.instance.name) == ["shop"])
        #expect(backend.services().generation > before)
    }

    @Test func anUnknownTemplateFailsWithAClearLine() throws {
        let client = KubeClient(target: KubeTarget(
            contextName: "t", clusterName: "t", server: "http://127.0.0.1:9", namespace: "default", sourceDescription: "test"))
        let backend = LiveConsoleBackend(
            client: client, cache: testCache(client), namespace: "default", templateDirectories: [], automatic: AutomaticValues())
        let job = finished(backend, backend.submit(.deploy(templateID: "nope", values: [:], namespace: "default", dryRun: false)))
        #expect(job?.outcome == .failed("template nope is not in the catalogue (see the Templates pane's problems, key p)"))
    }
}
