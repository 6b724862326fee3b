import Foundation
import MarvelCore
import MarvelNet
import Synchronization
import Testing

@testable import MarvelSim

/// Collects watch lines; answers false (client gone) once it has `limit` of them.
final class SimCollectingSink: ChunkSink {
    let limit: Int
    private let lines = Mutex<[JSONValue]>([])
    private let full = DispatchSemaphore(value: 0)

    init(limit: Int) { self.limit = limit }

    func write(_ bytes: [UInt8]) -> Bool {
        let count = lines.withLock { lines in
            for piece in bytes.split(separator: 0x0A) {
                lines.append((try? JSONValue.parse(Array(piece))) ?? .null)
            }
            return lines.count
        }
        if count >= limit {
            full.signal()
            return false
        }
        return true
    }

    var received: [JSONValue] { lines.withLock { $0 } }

    /// Waits (generously) for `limit` lines.
    func waitFull(seconds: Double = 10) -> Bool { full.wait(timeout: .now() + seconds) == .success }
}

@Suite struct SimWatchTests {
    let fixture: SimFixture
    init() throws { fixture = try SimFixture() }

    func stream(_ path: String, _ query: [String: String], accept: String? = nil) throws
        -> @Sendable (any ChunkSink) -> Void
    {
        var headers: [String: String] = [:]
        if let accept { headers["accept"] = accept }
        let response = fixture.handler.handle(ServerRequest(method: "GET", path: path, query: query, headers: headers))
        #expect(response.status == 200)
        guard case .stream(let produce) = response.body else {
            Issue.record("expected a streamed body for \(path) \(query)")
            return { _ in }
        }
        return produce
    }

    @Test func watchWithoutVersionStartsWithCurrentObjects() throws {
        let count = fixture.store.count("nodes")
        let sink = SimCollectingSink(limit: count)
        try stream("/api/v1/nodes", ["watch": "1"])(sink)  // returns once the sink says stop
        let events = sink.received
        #expect(events.count == count)
        #expect(events.allSatisfy { $0["type"] == "ADDED" && $0.at("object", "kind") == "Node" })
    }

    @Test func watchFromVersionDeliversLaterChanges() throws {
        let rv = String(fixture.store.resourceVersion)
        let produce = try stream("/api/v1/nodes", ["watch": "true", "resourceVersion": rv])
        let sink = SimCollectingSink(limit: 2)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            produce(sink)
            done.signal()
        }
        try fixture.store.modify("nodes", name: "psnc-cloud2") { $0["spec"]?["unschedulable"] = true }
        try fixture.store.delete("nodes", name: "mtedge2")
        #expect(sink.waitFull())
        #expect(done.wait(timeout: .now() + 10) == .success)
        let events = sink.received
        #expect(events.map { $0["type"] } == ["MODIFIED", "DELETED"])
        #expect(events.first?.at("object", "spec", "unschedulable") == true)
        #expect(events.last?.at("object", "metadata", "name") == "mtedge2")
    }

    @Test func watchFiltersByNamespaceAndSelector() throws {
        let rv = String(fixture.store.resourceVersion)
        let produce = try stream(
            "/api/v1/namespaces/marvel/pods", ["watch": "1", "resourceVersion": rv, "labelSelector": "app=web"])
        let sink = SimCollectingSink(limit: 1)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            produce(sink)
            done.signal()
        }
        func pod(_ ns: String, _ name: String, _ app: String) -> JSONValue {
            [
                "kind": "Pod", "apiVersion": "v1",
                "metadata": ["name": .string(name), "namespace": .string(ns), "labels": ["app": .string(app)]],
            ]
        }
        try fixture.store.create("pods", pod("default", "web-1", "web"))
        try fixture.store.create("pods", pod("marvel", "db-1", "db"))
        try fixture.store.create("pods", pod("marvel", "web-2", "web"))
        #expect(sink.waitFull())
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(sink.received.map { $0.at("object", "metadata", "name") } == ["web-2"])
    }

    @Test func tooOldVersionIsAn410ErrorEvent() throws {
        let now = SimFixture.now
        let store = ClusterStore(clock: { now }, historyLimit: 4)
        try Topology.marvel.seed(into: store, now: now)
        let response = KubeAPIHandler(store: store).handle(
            ServerRequest(method: "GET", path: "/api/v1/pods", query: ["watch": "1", "resourceVersion": "1"]))
        guard case .stream(let produce) = response.body else {
            Issue.record("expected a stream")
            return
        }
        let sink = SimCollectingSink(limit: 10)
        produce(sink)  // ends by itself after the error
        let events = sink.received
        #expect(events.count == 1)
        #expect(events.first?["type"] == "ERROR")
        #expect(events.first?.at("object", "code") == 410)
        #expect(events.first?.at("object", "reason") == "Expired")
    }

    @Test func timeoutEndsTheStream() throws {
        let rv = String(fixture.store.resourceVersion)
        let sink = SimCollectingSink(limit: 10)
        try stream("/api/v1/pods", ["watch": "1", "resourceVersion": rv, "timeoutSeconds": "0"])(sink)
        #expect(sink.received.isEmpty)
    }

    @Test func closingWatchesEndsTheStream() throws {
        let rv = String(fixture.store.resourceVersion)
        let produce = try stream("/api/v1/pods", ["watch": "1", "resourceVersion": rv])
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            produce(SimCollectingSink(limit: 10))
            done.signal()
        }
        fixture.store.closeWatches()
        #expect(done.wait(timeout: .now() + 10) == .success)
    }

    @Test func tableWatchSendsOneRowTables() throws {
        let sink = SimCollectingSink(limit: 2)
        try stream("/api/v1/namespaces", ["watch": "1"], accept: kubectlTableAccept)(sink)
        let events = sink.received
        #expect(events.first?.at("object", "kind") == "Table")
        #expect(events.first?.at("object", "rows")?.arrayValue?.count == 1)
        #expect(events.first?.at("object", "columnDefinitions")?.arrayValue?.isEmpty == false)
        #expect(events.last?.at("object", "rows")?[0]?["cells"]?[0] == "kube-node-lease")
    }

    @Test func badResourceVersionIsBadRequest() throws {
        let r = fixture.handler.handle(
            ServerRequest(method: "GET", path: "/api/v1/pods", query: ["watch": "1", "resourceVersion": "abc"]))
        #expect(r.status == 400)
    }

    @Test func nonIntegerTimeoutIsBadRequest() throws {
        for bad in ["nan", "1e400", "2.5", "soon"] {
            let r = fixture.handler.handle(
                ServerRequest(method: "GET", path: "/api/v1/pods", query: ["watch": "1", "timeoutSeconds": bad]))
            #expect(r.status == 400, "timeoutSeconds=\(bad)")
        }
    }

    @Test func watchOverHTTP() throws {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let rv = cluster.store.resourceVersion
        let writer = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            // The change happens while (or before) the watch connects; either way it follows rv.
            _ = try? cluster.store.modify("nodes", name: "grnfog1") { $0["metadata"]?["labels"]?["x"] = "1" }
            writer.signal()
        }
        var buffer: [UInt8] = []
        let status = try HTTPClient(connectTimeout: 5, timeout: 20).stream(
            HTTPRequest(url: cluster.serverURL + "/api/v1/nodes?watch=1&resourceVersion=\(rv)", timeout: 20)
        ) { piece in
            buffer += piece
            return !buffer.contains(0x0A)
        }
        #expect(status == 200)
        #expect(writer.wait(timeout: .now() + 10) == .success)
        let line = try #require(buffer.split(separator: 0x0A).first)
        let event = try JSONValue.parse(Array(line))
        #expect(event["type"] == "MODIFIED")
        #expect(event.at("object", "metadata", "labels", "x") == "1")
    }
}
