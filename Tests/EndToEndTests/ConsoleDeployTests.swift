import Foundation
import Testing

/// Deploying from the Templates pane of the real binary, in tmux, against the embedded
/// cluster, then seeing it Running in the Services pane, its logs, and deleting it.
@Suite struct ConsoleDeployTests {
    @Test func deploysKafkaFromTheTemplatesPane() throws {
        let probe = try ConsoleProbe(marvdashArguments: ["--demo"])
        let tmux = try TmuxSession.start(scriptPath: probe.scriptPath, columns: 140, rows: 40)
        defer {
            tmux.kill()
            probe.remove()
        }
        try tmux.waitFor("EDGE")
        try tmux.sendKeys("3")
        try tmux.waitFor("Distributed streaming platform")
        try tmux.sendKeys("/")
        try tmux.sendKeys("kafka")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("filter: kafka")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Deploy Kafka (kafka)")
        try tmux.waitFor("Brokers")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Preview:")
        try tmux.waitFor("apiVersion:")
        try tmux.sendKeys("d")
        try tmux.waitFor("Deploy kafka as 'kafka' in namespace default? y/N")
        try tmux.sendKeys("y")
        try tmux.waitFor("✔ deployed kafka as 'kafka' (revision 1)")
        try tmux.sendKeys("Space")
        try tmux.waitFor("Distributed streaming platform")

        // The Services pane: Running, its logs, then delete.
        try tmux.sendKeys("2")
        let running = try ProcessRunner.waitUntil(seconds: 60) {
            try tmux.screen().split(separator: "\n").contains { $0.contains("kafka") && $0.contains("Running") }
        }
        #expect(running, "kafka never Running; screen:\n\((try? tmux.screen()) ?? "")")
        try tmux.sendKeys("l")
        // Three brokers: the picker offers them; Enter follows all three.
        try tmux.waitFor("the pod picker") { $0.contains("Follow which pod and container?") && $0.contains("all 3 pods") }
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Logs: kafka · all pods")
        // Three brokers: every line is prefixed with its pod.
        let logged = try ProcessRunner.waitUntil(seconds: 30) { try tmux.screen().contains("[kafka-0] ") }
        #expect(logged, "no log lines; screen:\n\((try? tmux.screen()) ?? "")")
        try tmux.sendKeys("Escape")
        try tmux.waitFor("READY")
        try tmux.sendKeys("C-d")
        try tmux.waitFor("Delete 'kafka' and its")
        try tmux.sendKeys("y")
        try tmux.waitFor("deleted 'kafka': removed", seconds: 60)
        try tmux.sendKeys("Space")
        try tmux.waitFor("no services deployed in this namespace yet", seconds: 60)

        try tmux.sendKeys("q")
        #expect(ProcessRunner.waitUntil(seconds: 15) { probe.finished })
        #expect(probe.status == "0")
    }
}
