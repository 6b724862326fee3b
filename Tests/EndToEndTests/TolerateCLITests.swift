import Foundation
import MarvelCore
import Testing

/// `--tolerate` on place, deploy and upgrade through the binary, the `${LAYER}` placement of one
/// template, and the repository's plan of one pilot's section 2.3 data flow.
@Suite struct TolerateCLITests {
    static let repositoryRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test func aDedicatedNodeIsUsedOnlyWithTolerate() throws {
        // MiNiFi for x86-64 at GRN: the only x86-64 edge device is grnedge1, dedicated Layer=GRNEDGE1:NoSchedule.
        let refused = try ProcessRunner.marvdash(["place", "minifi", "--demo", "--set", "SITE=GRN"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("1 node(s) had untolerated taint {Layer: GRNEDGE1}"))
        #expect(refused.stderr.contains("tolerate its taint with --tolerate Layer=GRNEDGE1:NoSchedule"))
        #expect(refused.stdout.contains("grnedge1 (Layer=GRNEDGE1:NoSchedule) is dedicated"))

        let placed = try ProcessRunner.marvdash(["place", "minifi", "--demo", "--set", "SITE=GRN", "--tolerate", "Layer=GRNEDGE1:NoSchedule", "-o", "json"])
        #expect(placed.status == 0, "\(placed.stderr)")
        let json = try JSONValue.parse(placed.stdout)
        #expect(json["workloads"]?[0]?["nodes"] == ["grnedge1"])

        let deploy = try ProcessRunner.marvdash([
            "deploy", "minifi", "--demo", "--set", "SITE=GRN", "--tolerate", "Layer=GRNEDGE1:NoSchedule", "--dry-run",
        ])
        #expect(deploy.status == 0, "\(deploy.stderr)")
        let documents = try YAML.parse(deploy.stdout, file: "out.yaml").map { try $0.toJSON() }
        let deployment = try #require(documents.first { $0["kind"] == "Deployment" })
        #expect(deployment.at("spec", "template", "spec", "tolerations") == [["key": "Layer", "operator": "Equal", "value": "GRNEDGE1", "effect": "NoSchedule"]])
    }

    @Test func aBadTolerationIsAUsageError() throws {
        let r = try ProcessRunner.marvdash(["place", "minifi", "--demo", "--tolerate", "Layer=GRNEDGE1:Sometimes"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--tolerate: toleration 'Layer=GRNEDGE1:Sometimes': effect 'Sometimes' must be NoSchedule, PreferNoSchedule or NoExecute"))
    }

    @Test func upgradeKeepsOrReplacesTheTolerations() throws {
        let sim = try SimProcess.start()
        defer { sim.stop() }
        let k = sim.kubeconfigArguments
        let deploy = try ProcessRunner.marvdash(["deploy", "minifi", "--set", "SITE=GRN", "--tolerate", "Layer=GRNEDGE1:NoSchedule"] + k)
        #expect(deploy.status == 0, "\(deploy.stderr)")
        #expect(deploy.stdout.contains("placed Deployment/minifi on grnedge1"))
        // No --tolerate: the recorded one is kept.
        let kept = try ProcessRunner.marvdash(["upgrade", "minifi", "--set", "TOPICS=marvel/at/#"] + k)
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(kept.stdout.contains("placed Deployment/minifi on grnedge1"))
        // Another --tolerate replaces it: grnedge1 is closed again and nothing else fits.
        let replaced = try ProcessRunner.marvdash(["upgrade", "minifi", "--tolerate", "gpu:NoSchedule"] + k)
        #expect(replaced.status == 1)
        #expect(replaced.stderr.contains("--tolerate Layer=GRNEDGE1:NoSchedule") && replaced.stderr.hasSuffix("Nothing was deployed.\n"))
    }

    @Test func theLayerOfATemplateComesFromItsVariable() throws {
        for (layer, node) in [("edge", "mtedge1"), ("fog", "mtfog1")] {
            let r = try ProcessRunner.marvdash(["place", "mosquitto", "--demo", "--set", "LAYER=\(layer)", "--set", "SITE=MT", "-o", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(try JSONValue.parse(r.stdout)["workloads"]?[0]?["nodes"] == [.string(node)])
        }
        let bad = try ProcessRunner.marvdash(["render", "nifi", "--set", "LAYER=moon"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("LAYER must be"), "\(bad.stderr)")
    }

    @Test func thePilotDataFlowPlanPlacesEveryPartOnItsLayer() throws {
        let file = Self.repositoryRoot + "/Templates/plans/pilot-dataflow.yaml"
        let r = try ProcessRunner.marvdash(["plan", file, "--demo", "-o", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let assignments = try JSONValue.parse(r.stdout)["assignments"]?.arrayValue ?? []
        var layerOf: [String: String] = [:]
        let nodeLayer = [
            "mtedge1": "edge", "mtfog1": "fog", "psnc-cloud2": "cloud", "psnc-cloud3": "cloud", "psnc-gpu1": "cloud",
        ]
        for a in assignments {
            guard let group = a["instance"]?.stringValue, let node = a["node"]?.stringValue else { continue }
            layerOf[group] = nodeLayer[node] ?? node
        }
        #expect(layerOf["mqtt-mt"] == "edge" && layerOf["minifi-mt"] == "edge")
        #expect(layerOf["nifi-mt"] == "fog" && layerOf["kafka-mt"] == "fog" && layerOf["zookeeper-mt"] == "fog")
        for cloud in ["elasticsearch", "datafusion-connector", "datafusion-es-proxy", "smartviz", "nifi-ca"] {
            #expect(layerOf[cloud] == "cloud", "\(cloud) placed on \(layerOf[cloud] ?? "nothing")")
        }
        // The catalogue loader does not take the plan for a template.
        let templates = try ProcessRunner.marvdash(["templates", "-o", "json"])
        #expect(!templates.stdout.contains("pilot-dataflow") && !templates.stderr.contains("pilot-dataflow"))
    }
}
