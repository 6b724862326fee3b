import Foundation
import MarvelCore
import MarvelNet
import Synchronization
import Testing

@testable import MarvelSim

/// The embedded API behind a switch: while it is "down", every request gets a
/// 503 and streams in progress end (as when a server or the network goes),
/// and it records the query of every log request.
final class OutageGate: ServerHandler {
    let inner: KubeAPIHandler
    private let state = Mutex((down: false, logQueries: [[String: String]]()))

    init(_ inner: KubeAPIHandler) { self.inner = inner }

    var down: Bool {
        get { state.withLock { $0.down } }
        set { state.withLock { $0.down = newValue } }
    }

    var logQueries: [[String: String]] { state.withLock { $0.logQueries } }

    func handle(_ request: ServerRequest) -> ServerResponse {
        if request.path.hasSuffix("/log") { state.withLock { $0.logQueries.append(request.query) } }
        if down {
            return ServerResponse(status: 503, headers: [("Content-Type", "application/json")], body: .bytes(Array(
                #"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"the server is down for the test","reason":"ServiceUnavailable","code":503}"#.utf8)))
        }
        let response = inner.handle(request)
        guard case .stream(let produce) = response.body else { return response }
        var gated = response
        gated.body = .stream { sink in produce(GatedSink(inner: sink, gate: self)) }
        return gated
    }
}

/// A sink that reports the client gone once the gate is down, so the producer stops.
struct GatedSink: ChunkSink {
    let inner: any ChunkSink
    let gate: OutageGate
    func write(_ bytes: [UInt8]) -> Bool { gate.down ? false : inner.write(bytes) }
}

/// Following an instance's logs over HTTP through an outage.
@Suite struct LogFollowerTests {
    let clock = TestBox(SimFixture.now)
    let store: ClusterStore
    let gate: OutageGate
    let server: HTTPServer
    let deployer: Deployer
    let ticker: Ticker

    init() throws {
        let clock = self.clock
        store = ClusterStore(clock: { clock.current })
        try Topology.marvel.seed(into: store, now: SimFixture.now)
        gate = OutageGate(KubeAPIHandler(store: store))
        server = try HTTPServer(host: "127.0.0.1", port: 0, handler: gate)
        server.start()
        deployer = Deployer(client: KubeClient(target: KubeTarget(
            contextName: "t", clusterName: "t", server: server.baseURL, namespace: "default", sourceDescription: "test")))
        ticker = Ticker(Reconciler(store: store))
    }

    /// Deploys the web test template (`replicas` pods) and ticks until they run.
    private func deployWeb(replicas: Int) throws {
        _ = try deployer.deploy(
            template: try DeployFixture.template(withConfig: false), name: "web", values: ["REPLICAS": String(replicas)],
            namespace: "default", automatic: AutomaticValues(namespace: "default"), dryRun: false)
        let running = ticker.run(limit: 40) {
            let pods = store.list("pods", namespace: "default").items.filter { $0.name.hasPrefix("web-") }
            return pods.count == replicas && pods.allSatisfy { $0.at("status", "phase")?.stringValue == "Running" }
        }
        #expect(running, "the web pods never ran")
    }

    /// Waits (generous deadline) until `check` holds for the follower's reading.
    private func wait(_ follower: LogFollower, _ what: String, _ check: (LogReading) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if check(follower.read()) { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        Issue.record("timed out waiting for \(what); state \(follower.read().state), \(follower.read().lines.count) lines")
        return false
    }

    @Test func anOutageIsRiddenOutAndResumesFromTheLastLineWithoutRepeats() throws {
        defer { server.stop() }
        try deployWeb(replicas: 1)
        clock.update { $0 += 3 }  // three steady lines after the startup ones
        let follower = LogFollower(
            deployer: deployer, query: LogQuery(instance: "web", namespace: "default", tail: nil),
            backoff: LogBackoff(initial: 0.05, maximum: 0.2))
        defer { follower.cancel() }
        guard wait(follower, "the first lines", { $0.lines.count >= 4 && $0.state == .following }) else { return }
        Thread.sleep(forTimeInterval: 0.2)  // let the stream settle on what the server has now
        let before = follower.read().lines

        gate.down = true
        // The stream ends; the API then answers 503: the follower says so and keeps trying.
        guard wait(follower, "reconnecting after the API failed", {
            if case .reconnecting(_, let reason) = $0.state { return reason.contains("503") }
            return false
        }) else { return }
        clock.update { $0 += 5 }  // five lines are written while it is down
        gate.down = false

        guard wait(follower, "the lines written during the outage", { $0.lines.count >= before.count + 5 && $0.state == .following })
        else { return }
        Thread.sleep(forTimeInterval: 0.3)  // nothing more may come in twice
        let after = follower.read().lines
        #expect(Array(after.prefix(before.count)) == before)
        #expect(after.count == before.count + 5, "\(after.count) lines, \(before.count) before the outage")
        #expect(Set(after.map { $0.timestamp + " " + $0.text }).count == after.count, "a line came twice")
        let stamps = after.compactMap { LogTimestamp($0.timestamp) }
        #expect(stamps.count == after.count)
        #expect(zip(stamps, stamps.dropFirst()).allSatisfy { $0 <= $1 })
        // Asked with timestamps; the first time for the history, after the outage from the last line's second.
        let queries = gate.logQueries
        #expect(queries.first?["timestamps"] == "true" && queries.first?["follow"] == "true")
        #expect(queries.first?["sinceTime"] == nil)
        let resumed = try #require(queries.last)
        #expect(resumed["sinceTime"] == LogTimestamp(before.last?.timestamp ?? "")?.sinceTime)
        #expect(resumed["tailLines"] == nil)
    }

    @Test func onePodAndItsPreviousContainerAndTheEndOfAPod() throws {
        defer { server.stop() }
        try deployWeb(replicas: 2)
        let pods = store.list("pods", namespace: "default").items.map(\.name).filter { $0.hasPrefix("web-") }.sorted()
        #expect(pods.count == 2)
        let all = LogFollower(deployer: deployer, query: LogQuery(instance: "web", namespace: "default"))
        defer { all.cancel() }
        // Two streams: each line says which pod it comes from.
        _ = wait(all, "lines of both pods") { r in Set(r.lines.map(\.source)) == Set(pods) }

        let one = LogFollower(deployer: deployer, query: LogQuery(instance: "web", namespace: "default", pod: pods[0], container: "web"))
        defer { one.cancel() }
        _ = wait(one, "one pod's lines") { !$0.lines.isEmpty }
        #expect(one.read().lines.allSatisfy { $0.source.isEmpty })
        let previous = LogFollower(deployer: deployer, query: LogQuery(instance: "web", namespace: "default", pod: pods[0], previous: true))
        defer { previous.cancel() }
        _ = wait(previous, "the previous container's log to be read") { $0.state != .following && $0.state != .connecting }
        #expect(gate.logQueries.contains { $0["previous"] == "true" && $0["follow"] == nil })

        // A pod that is deleted ends its stream: the follower does not retry it forever.
        _ = try deployer.client.send(.delete, "/api/v1/namespaces/default/pods/\(pods[0])")
        _ = wait(one, "the deleted pod's stream to end") { $0.state == .ended }

        let missing = LogFollower(deployer: deployer, query: LogQuery(instance: "nosuch", namespace: "default"))
        _ = wait(missing, "a failure for an unknown instance") { if case .failed = $0.state { return true }; return false }
        #expect(missing.endReason()?.contains("nosuch") == true)
    }
}
