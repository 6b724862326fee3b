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
        func waitFor(_ text: String, seconds: Double = 30) throws {
            let seen = try ProcessRunner.waitUntil(seconds: seconds) { try tmux.screen().contains(text) }
            #expect(seen, "never saw \"\(text)\"; screen:\n\((try? tmux.screen()) ?? "")")
            if !seen { throw E2EStop() }
        }

        try waitFor("EDGE")
        try tmux.sendKeys("3")
        try waitFor("Distributed streaming platform")
        try tmux.sendKeys("/")
        try tmux.sendKeys("kafka")
        try tmux.sendKeys("Enter")
        try waitFor("filter: kafka")
        try tmux.sendKeys("Enter")
        try waitFor("Deploy Kafka (kafka)")
        try waitFor("Brokers")
        try tmux.sendKeys("Enter")
        try waitFor("Preview:")
        try waitFor("apiVersion:")
        try tmux.sendKeys("d")
        try waitFor("Deploy kafka as 'kafka' in namespace default? y/N")
        try tmux.sendKeys("y")
        try waitFor("✔ deployed kafka as 'kafka' (revision 1)")
        try tmux.sendKeys("Space")
        try waitFor("Distributed streaming platform")

        // The Services pane: Running, its logs, then delete.
        try tmux.sendKeys("2")
        let running = try ProcessRunner.waitUntil(seconds: 60) {
            try tmux.screen().split(separator: "\n").contains { $0.contains("kafka") && $0.contains("Running") }
        }
        #expect(running, "kafka never Running; screen:\n\((try? tmux.screen()) ?? "")")
        try tmux.sendKeys("l")
        try waitFor("Logs: kafka")
        // Three brokers: every line is prefixed with its pod.
        let logged = try ProcessRunner.waitUntil(seconds: 30) { try tmux.screen().contains("[kafka-0] ") }
        #expect(logged, "no log lines; screen:\n\((try? tmux.screen()) ?? "")")
        try tmux.sendKeys("Escape")
        try waitFor("READY")
        try tmux.sendKeys("C-d")
        try waitFor("Delete 'kafka' and its")
        try tmux.sendKeys("y")
        try waitFor("deleted 'kafka': removed", seconds: 60)
        try tmux.sendKeys("Space")
        try waitFor("no services deployed in this namespace yet", seconds: 60)

        try tmux.sendKeys("q")
        #expect(ProcessRunner.waitUntil(seconds: 15) { probe.finished })
        #expect(probe.status == "0")
    }
}

/// Ends a test after a failed wait (the failure is already recorded).
private struct E2EStop: Error {}
