import Foundation
import Testing

/// The Services pane of the real binary, in tmux, against one `marvdash sim`
/// where the CLI deployed Kafka: see it Running, follow its logs, delete it.
@Suite struct ConsoleServicesTests {
    @Test func kafkaRunsShowsLogsAndIsDeletedFromTheServicesPane() throws {
        let sim = try SimProcess.start()
        defer { sim.stop() }
        let deploy = try ProcessRunner.marvdash(["deploy", "kafka"] + sim.kubeconfigArguments)
        try #require(deploy.status == 0, "\(deploy.stderr)")

        let probe = try ConsoleProbe(marvdashArguments: sim.kubeconfigArguments)
        let tmux = try TmuxSession.start(scriptPath: probe.scriptPath, columns: 140, rows: 40)
        defer {
            tmux.kill()
            probe.remove()
        }
        func kafkaRow(_ screen: String) -> String? {
            screen.split(separator: "\n").first { $0.hasPrefix("kafka ") }.map(String.init)
        }

        try tmux.waitFor("the Nodes pane") { $0.contains("EDGE") }
        try tmux.sendKeys("2")
        try tmux.waitFor("kafka 3/3 Running") { screen in
            guard let row = kafkaRow(screen) else { return false }
            return row.contains(" 3/3 ") && row.contains("Running")
        }
        let row = kafkaRow(try tmux.screen()) ?? ""
        #expect(row.contains(" kafka "), "TEMPLATE column: \(row)")
        #expect(row.contains("("), "NODES with layer: \(row)")

        try tmux.sendKeys("l")
        try tmux.waitFor("the pod picker") { $0.contains("Follow which pod and container?") }
        try tmux.sendKeys("Enter")
        try tmux.waitFor("followed log lines") { $0.contains("Logs: kafka · all pods — following") && $0.contains("[kafka-0] ") }
        // q leaves the logs for the list; it does not quit the console.
        try tmux.sendKeys("q")
        try tmux.waitFor("the list again") { kafkaRow($0) != nil && !$0.contains("Logs: kafka") }
        #expect(!probe.finished, "q in the logs view quit the console")

        try tmux.sendKeys("C-d")
        try tmux.waitFor("the delete question") { $0.contains("Delete 'kafka' and its") && $0.contains("StatefulSet/kafka") }
        try tmux.sendKeys("y")
        try tmux.waitFor("the delete outcome") { $0.contains("✔ deleted 'kafka'") && $0.contains("removed StatefulSet/kafka") }
        try tmux.sendKeys("Space")
        try tmux.waitFor("the empty list") { $0.contains("no services deployed in this namespace yet") }

        try tmux.sendKeys("q")
        #expect(ProcessRunner.waitUntil(seconds: 15) { probe.finished })
        #expect(probe.status == "0")
    }
}
