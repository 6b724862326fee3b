import Foundation
import MarvelCore
import Testing

/// `marvdash place`, `plan` and `headroom` through the binary on the embedded cluster.
@Suite struct PlaceCLITests {
    @Test func placeKafkaPrintsParsableJSON() throws {
        let r = try ProcessRunner.marvdash(["place", "kafka", "--demo", "-o", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONValue.parse(r.stdout)
        #expect(json["feasible"] == true)
        #expect(json["mode"] == "auto")
        let workload = try #require(json["workloads"]?[0])
        #expect(workload["component"] == "StatefulSet/kafka")
        let nodes = (workload["nodes"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(nodes.count == 3)
        #expect(nodes.allSatisfy { $0.hasPrefix("psnc-") })
        #expect((workload["ranked"]?.arrayValue ?? []).count >= 1)
        #expect((workload["rejected"]?.arrayValue ?? []).contains { $0["node"] == "grnedge1" })
        #expect(json["plan"]?["optimal"] == true)
    }

    @Test func placeExplainsAnImpossibleRequest() throws {
        let r = try ProcessRunner.marvdash(["place", "dynhp-notebook", "--demo", "--placement", "node mtedge1"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("no node can run"))
        #expect(r.stdout.contains("REJECTED"))
    }

    @Test func planAndHeadroomTables() throws {
        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        let file = dir + "/pipeline.yaml"
        try """
            instances:
            - template: audioanony
              name: anony-mt
              site: MT
            - template: sed
              name: sed-mt
              same-site-as: anony-mt
            - template: kafka
              set: {SERVERS: 3}
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let plan = try ProcessRunner.marvdash(["plan", file, "--demo"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("proved optimal"))
        #expect(plan.stdout.contains("anony-mt  Deployment/anony-mt"))
        let bad = try ProcessRunner.marvdash(["plan", file + ".missing", "--demo"])
        #expect(bad.status != 0 && bad.stderr.contains("cannot read the pipeline file"))
        let headroom = try ProcessRunner.marvdash(["headroom", "sed", "--demo"])
        #expect(headroom.status == 0, "\(headroom.stderr)")
        #expect(headroom.stdout.contains("fog "))
        #expect(headroom.stdout.contains("the template requires layer fog"))
    }
}
