import Foundation
import Testing

/// deploy / services / logs / upgrade / rollback / delete through the binary against one `marvdash sim`.
@Suite struct DeployCLITests {
    @Test func deployKafkaSeeItReadyReadLogsAndDelete() throws {
        let sim = try SimProcess.start()
        defer { sim.stop() }
        let k = sim.kubeconfigArguments

        let dry = try ProcessRunner.marvdash(["deploy", "kafka", "--dry-run"] + k)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("kind: StatefulSet"))
        #expect(dry.stdout.contains("marvdash.io/instance: kafka"))

        let deploy = try ProcessRunner.marvdash(["deploy", "kafka"] + k)
        #expect(deploy.status == 0, "\(deploy.stderr)")
        #expect(deploy.stdout.contains("applied StatefulSet/kafka"))

        let again = try ProcessRunner.marvdash(["deploy", "kafka"] + k)
        #expect(again.status != 0)
        #expect(again.stderr.contains("an instance named kafka already exists"))

        var table = ""
        let ready = try ProcessRunner.waitUntil(seconds: 60) {
            table = try ProcessRunner.marvdash(["services"] + k).stdout
            return table.split(separator: "\n").contains { $0.hasPrefix("kafka ") && $0.contains(" 3/3 ") && $0.contains("Running") }
        }
        #expect(ready, "services never showed kafka 3/3 Running:\n\(table)")
        #expect(table.hasPrefix("NAME"))

        let json = try ProcessRunner.marvdash(["services", "-o", "json"] + k)
        #expect(json.stdout.contains("\"template\" : \"kafka\"") || json.stdout.contains("\"template\": \"kafka\""))

        let logs = try ProcessRunner.marvdash(["logs", "kafka", "--tail", "2"] + k)
        #expect(logs.status == 0, "\(logs.stderr)")
        #expect(logs.stdout.split(separator: "\n").count >= 2)
        #expect(logs.stdout.contains("[kafka-0] "))

        let up = try ProcessRunner.marvdash(["upgrade", "kafka", "--set", "SERVERS=5"] + k)
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stdout.contains("revision 2"))
        let back = try ProcessRunner.marvdash(["rollback", "kafka"] + k)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout.contains("revision 3"))

        let refused = try ProcessRunner.marvdash(["delete", "kafka"] + k)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--yes"))

        let delete = try ProcessRunner.marvdash(["delete", "kafka", "--yes"] + k)
        #expect(delete.status == 0, "\(delete.stderr)")
        #expect(delete.stdout.contains("removed StatefulSet/kafka"))
        #expect(delete.stdout.contains("removed Secret/marvdash-kafka"))
        let after = try ProcessRunner.marvdash(["services"] + k)
        #expect(after.stdout.contains("No instances."))
    }
}
