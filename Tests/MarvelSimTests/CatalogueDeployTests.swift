import Foundation
import MarvelCore
import MarvelSim
import Testing

/// The catalogue's new components deploy on the embedded cluster with their defaults and their
/// pods run; a plan of one pilot's section 2.3 data flow places every part on its layer.
@Suite struct CatalogueDeployTests {
    static let repositoryRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let templatesDirectory = repositoryRoot + "/Templates"

    /// The templates issue 14 added, each with the values and tolerations a pilot operator gives it.
    static let added: [(id: String, values: [String: String], tolerate: [String])] = [
        ("catflow", [:], []), ("edgesec-tee", [:], []), ("kafka-jmx-exporter", [:], []), ("datafusion-connector", [:], []),
        ("datafusion-es-proxy", [:], []), ("nifi-ca", [:], []), ("nifi-registry", [:], []),
        // GRN's workstation is the only x86-64 edge device, dedicated by the seed's taint: its operator tolerates it.
        ("minifi", ["SITE": "GRN"], ["Layer=GRNEDGE1:NoSchedule"]), ("minifi-arm", ["SITE": "MT"], []),
        ("hadoop-namenode", [:], []), ("hadoop-datanode", [:], []), ("hadoop-resourcemanager", [:], []), ("hadoop-nodemanager", [:], []),
        ("hadoop-historyserver", [:], []), ("hbase-master", [:], []), ("hbase-regionserver", [:], []), ("corpus-zookeeper", [:], []),
        ("ambari", [:], []), ("logstash", [:], []), ("corpus-augmentation", [:], []), ("hbase-fileservice", [:], []), ("corpus-gui", [:], []),
        ("streamhandler", [:], []), ("nifi", ["LAYER": "fog", "SITE": "MT"], []), ("audioanony", [:], []),
    ]

    @Test func everyAddedTemplateDeploysAndRuns() throws {
        let f = try DeployFixture()
        defer { f.close() }
        var instances: [String] = []
        for entry in Self.added {
            let template = try Template.load(file: Self.templatesDirectory + "/\(entry.id).template.yaml")
            let request = PlacementRequest(mode: .auto, tolerations: try entry.tolerate.map { try PlacementToleration(parsing: $0) })
            let name = template.variable(named: "NAME")?.defaultText ?? entry.id
            let result = try f.deployer.deploy(
                template: template, name: name, values: entry.values, namespace: "default", automatic: f.automatic, dryRun: false, placement: request)
            #expect(!result.applied.isEmpty, "\(entry.id): nothing applied")
            instances.append(name)
        }
        // Every pod of every instance runs (the embedded cluster binds, creates and starts them).
        var notRunning: [String] = []
        try f.wait("every pod running") {
            let pods = try f.client.list("/api/v1/namespaces/default/pods", query: ["labelSelector": "app.kubernetes.io/managed-by=marvdash"]).items
            notRunning = pods.filter { $0.at("status", "phase")?.stringValue != "Running" }.map { "\(($0.at("metadata", "name")?.stringValue ?? "")) \($0.at("status", "phase")?.stringValue ?? "?")" }
            let running = Set(pods.compactMap { $0.at("metadata", "labels", "marvdash.io/instance")?.stringValue })
            return notRunning.isEmpty && running.isSuperset(of: instances)
        }
        #expect(notRunning.isEmpty, "\(notRunning)")
        // Placement followed the seed: TEE on the SGX node, CATFlow on a GPU of compute capability ≥ 7, MiNiFi ARM on MT's Pi.
        func node(_ instance: String) throws -> String? {
            try f.client.list("/api/v1/namespaces/default/pods", query: ["labelSelector": "marvdash.io/instance=\(instance)"]).items.first?
                .at("spec", "nodeName")?.stringValue
        }
        #expect(try node("edgesec-tee") == "mtfog1")
        #expect(["grnfog1", "unsfog1"].contains(try node("catflow") ?? ""))
        #expect(try node("minifi-arm") == "mtedge1")
        #expect(try node("minifi") == "grnedge1")
        #expect(try node("nifi") == "mtfog1")
    }
}
