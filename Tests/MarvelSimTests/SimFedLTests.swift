import Foundation
import MarvelCore
import MarvelSim
import Testing

/// The embedded cluster runs marvdash's federated DynHP templates for real: the server Job
/// listens on loopback, the client Jobs find it by its Service name, rounds happen, the Jobs
/// complete, the pod-log follower turns the server's log into a federated run — and the
/// pipeline file places a client at each edge site's data.
@Suite struct SimFedLTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func template(_ id: String) throws -> Template {
        try Template.load(file: root + "/Templates/\(id).template.yaml")
    }

    @Test func serverAndClientTemplatesRunRoundsInTheEmbeddedCluster() throws {
        let f = try SimTrainingFixture()
        defer { f.close() }
        _ = try f.deployer.deploy(template: try Self.template("fedl-dynhp-server"), name: "fl", values: [
            "ROUNDS": "2", "MIN_CLIENTS": "2", "START_CLIENTS": "2", "LOCAL_EPOCHS": "1", "STRATEGY": "all",
        ], namespace: "default", automatic: f.automatic, dryRun: false)
        for cid in ["1", "2"] {
            _ = try f.deployer.deploy(template: try Self.template("fedl-dynhp-client"), name: "fl-client-\(cid)",
                                      values: ["SERVER": "fl", "CID": cid, "CLIENTS": "2"], namespace: "default",
                                      automatic: f.automatic, dryRun: false)
        }
        var server = ""
        f.wait("the server's pod") {
            server = try f.pod(of: "fl")?.at("metadata", "name")?.stringValue ?? ""
            return !server.isEmpty
        }
        f.wait("the server pod to succeed", seconds: 120) { f.phase(server) == "Succeeded" }
        for cid in ["1", "2"] {
            f.wait("client \(cid) to complete") {
                let job = try f.client.get("/apis/batch/v1/namespaces/default/jobs/fl-client-\(cid)")
                return (job.at("status", "conditions")?.arrayValue ?? []).contains { $0["type"]?.stringValue == "Complete" }
            }
        }
        let log = try f.log(server)
        let rounds = SimTrainingFixture.events(log).compactMap { e -> FedLRound? in
            if case .fedlRound(let r) = e { return r } else { return nil }
        }
        #expect(rounds.map(\.round) == [1, 2], "\(log)")
        for r in rounds {
            #expect(r.clients.map(\.id) == ["1", "2"] && r.clients.allSatisfy { $0.status == .answered })
            #expect(r.global.test != nil && r.globalParams > 0)
        }
        #expect(log.contains("reduced to 49-30-10-10"))
        #expect(SimTrainingFixture.events(log).last.map { if case .runEnd(let e) = $0 { e.status } else { "" } } == RunEnd.completed)
        // The Training pane's pod follower finds the server pod and reads it as a federated run.
        let feed = MetricsFeed()
        let cache = ClusterCache(client: f.client, settings: ClusterCacheSettings(usageInterval: 0, livenessQuiet: 0, kinds: []))
        cache.start()
        defer { cache.stop() }
        let follower = PodMetricsFollower(client: f.client, feed: feed, pods: { cache.current().snapshot?.pods }, lookInterval: 0.1)
        follower.start()
        defer { follower.stop() }
        f.wait("the follower to read the run") { feed.runs().contains { $0.history.rounds.count == 2 && $0.history.mode == "fedl" } }
        #expect(f.cluster.training.activeThreads == 0)
    }

    @Test func aClientWhoseCommandCannotBeReadFailsWithTheFlag() throws {
        let f = try SimTrainingFixture()
        defer { f.close() }
        // The catalogue refuses CID 0 (min: 1); without that check the command reaches the client.
        let text = try String(contentsOfFile: Self.root + "/Templates/fedl-dynhp-client.template.yaml", encoding: .utf8)
        let unchecked = try Template.parse(text.replacingOccurrences(of: "\n  min: 1\n", with: "\n"), file: "/nonexistent/fedl-dynhp-client.template.yaml")
        _ = try f.deployer.deploy(template: unchecked, name: "bad", values: ["CID": "0"],
                                  namespace: "default", automatic: f.automatic, dryRun: false)
        var pod = ""
        f.wait("the client's pod") {
            pod = try f.pod(of: "bad")?.at("metadata", "name")?.stringValue ?? ""
            return !pod.isEmpty
        }
        f.wait("the pod to fail") { f.phase(pod) == "Failed" }
        #expect(try f.log(pod).contains("--shard \"0/2\" is not i/K"))
    }

    @Test func thePipelinePutsTheServerInTheFogAndAClientAtEachEdgeSite() throws {
        let f = try SimTrainingFixture()
        defer { f.close() }
        let path = Self.root + "/Templates/plans/fedl-dynhp.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let pipeline = try PipelineFile.parse(text, file: path)
        #expect(pipeline.entries.map(\.template) == ["fedl-dynhp-server", "fedl-dynhp-client", "fedl-dynhp-client", "fedl-dynhp-client"])
        let snapshot = PlacementSnapshot(cluster: try f.client.fetchSnapshot())
        let request = PlacementRequest(mode: .auto)
        let components = try pipeline.components(placer: TemplatePlacer(request: request), snapshot: snapshot) { entry in
            let template = try Self.template(entry.template)
            var values = entry.values
            values["NAME"] = entry.name
            return (try template.render(values: values, automatic: f.automatic), template.placement)
        }
        let plan = try Planner(policy: .spread).plan(components, snapshot: snapshot)
        func node(_ instance: String) -> PlacementNode? {
            plan.assignments.first { $0.group == instance }.flatMap { a in snapshot.index(of: a.node).map { snapshot.nodes[$0] } }
        }
        let server = try #require(node("fedl-dynhp"))
        #expect([.fog, .cloud].contains(server.layer))
        for (instance, site) in [("fedl-client-grn", "GRN"), ("fedl-client-mt", "MT"), ("fedl-client-uns", "UNS")] {
            let n = try #require(node(instance), "\(instance) is placed")
            #expect(n.layer == .edge && n.site == site, "\(instance) on \(n.name) (\(n.layer), \(n.site))")
        }
        // The catalogue never mistakes the pipeline for a template.
        #expect(!TemplateCatalog.templateFiles(in: Self.root + "/Templates").contains { $0.contains("fedl-dynhp.yaml") })
    }
}
