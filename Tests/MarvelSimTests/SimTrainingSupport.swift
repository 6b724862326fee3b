import Foundation
import MarvelCore
import MarvelSim
import Testing

/// An embedded cluster at test size (`SimTrainingScale.tiny`) with a deployer over HTTP,
/// and the DynHP training template of the catalogue.
struct SimTrainingFixture {
    let cluster: EmbeddedCluster
    let client: KubeClient
    let deployer: Deployer
    let automatic = AutomaticValues(namespace: "default", hostname: "h.local", registry: "reg.local:5000")

    init(scale: SimTrainingScale = .tiny) throws {
        cluster = try EmbeddedCluster.start(training: scale)
        client = KubeClient(target: KubeTarget(
            contextName: "t", clusterName: "t", server: cluster.serverURL, namespace: "default", sourceDescription: "test"))
        deployer = Deployer(client: client)
    }

    func close() { cluster.stop() }

    static var templatePath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Templates/dynhp-train.template.yaml").path
    }

    /// Deploys the DynHP training template as `name` with `values` over the defaults.
    func deployTraining(_ name: String, _ values: [String: String]) throws {
        let template = try Template.load(file: Self.templatePath)
        _ = try deployer.deploy(
            template: template, name: name, values: values, namespace: "default", automatic: automatic, dryRun: false)
    }

    /// The pod of job `name` (its only pod), once it exists.
    func pod(of job: String) throws -> JSONValue? {
        try client.get("/api/v1/namespaces/default/pods", query: ["labelSelector": "job-name=\(job)"])["items"]?[0]
    }

    func phase(_ pod: String) -> String? {
        (try? client.get("/api/v1/namespaces/default/pods/\(pod)"))?.at("status", "phase")?.stringValue
    }

    /// The log as GET …/log returns it now.
    func log(_ pod: String, _ query: [String: String] = [:]) throws -> String {
        String(decoding: try client.send(.get, "/api/v1/namespaces/default/pods/\(pod)/log", query: query).body, as: UTF8.self)
    }

    /// Waits (generous deadline) until `check` holds; records an issue when it never does.
    @discardableResult
    func wait(_ what: String, seconds: Double = 60, _ check: () throws -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? check()) == true { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \(what)")
        return false
    }

    /// The metric events among `text`'s lines (other lines are ordinary logs).
    static func events(_ text: String) -> [MetricEvent] {
        text.split(separator: "\n").compactMap { MetricEvent.parse(line: String($0)) }
    }
}
