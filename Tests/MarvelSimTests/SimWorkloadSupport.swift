import Foundation
import MarvelCore
import MarvelNet
import Testing

@testable import MarvelSim

/// Writes through the handler and reconciler ticks, for the workload tests.
extension SimFixture {
    /// Sends one request and parses its JSON body.
    func send(
        _ method: String, _ path: String, query: [String: String] = [:], contentType: String = "application/json",
        body: String = ""
    ) throws -> (status: Int, json: JSONValue) {
        let request = ServerRequest(
            method: method, path: path, query: query, headers: ["content-type": contentType, "host": "127.0.0.1"],
            body: Array(body.utf8))
        let response = handler.handle(request)
        guard case .bytes(let bytes) = response.body else {
            Issue.record("\(method) \(path): expected a whole body, got a stream")
            return (response.status, .null)
        }
        return (response.status, try JSONValue.parse(bytes))
    }

    /// Server-side apply of a YAML document as `manager`.
    func apply(
        _ path: String, _ yaml: String, manager: String? = "test", extra: [String: String] = [:]
    ) throws -> (status: Int, json: JSONValue) {
        var query = extra
        if let manager { query["fieldManager"] = manager }
        return try send("PATCH", path, query: query, contentType: "application/apply-patch+yaml", body: yaml)
    }

    /// Pods of a namespace whose name starts with `prefix`.
    func pods(_ namespace: String, prefix: String) -> [JSONValue] {
        store.list("pods", namespace: namespace).items.filter {
            ($0.at("metadata", "name")?.stringValue ?? "").hasPrefix(prefix)
        }
    }
}

/// Drives a reconciler from tests, one tick at a time.
final class Ticker {
    private var reconciler: Reconciler
    init(_ reconciler: Reconciler) { self.reconciler = reconciler }

    func tick() { reconciler.tick() }

    /// Ticks until `done` holds, at most `limit` times; returns whether it held.
    func run(limit: Int = 20, until done: () -> Bool) -> Bool {
        for _ in 0..<limit {
            if done() { return true }
            reconciler.tick()
        }
        return done()
    }
}

/// A deployment manifest in YAML.
func deploymentYAML(
    _ name: String, replicas: Int, image: String = "nginx:1.27", cpu: String = "100m", extraSpec: String = ""
) -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: \(name)
      labels: {app: \(name)}
    spec:
      replicas: \(replicas)
      selector:
        matchLabels: {app: \(name)}
      template:
        metadata:
          labels: {app: \(name)}
        spec:
    \(extraSpec)
          containers:
          - name: main
            image: \(image)
            resources:
              requests: {cpu: \(cpu), memory: 64Mi}
    """
}

/// The MARVEL cluster on a clock the test moves by hand: its store, handler and a
/// reconciler ticked by the test (CronJobs, log times, anything that reads the time).
struct ClockedCluster {
    let clock: TestBox<Date>
    let store: ClusterStore
    let handler: KubeAPIHandler
    let ticker: Ticker

    init(at start: Date = SimFixture.now) throws {
        let clock = TestBox(start)
        self.clock = clock
        store = ClusterStore(clock: { clock.current })
        try Topology.marvel.seed(into: store, now: start)
        handler = KubeAPIHandler(store: store)
        ticker = Ticker(Reconciler(store: store))
    }
}
