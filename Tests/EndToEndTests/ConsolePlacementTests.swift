import Foundation
import Testing

/// Placement in the real binary: the console's Nodes pane cordons a node and
/// the deploy preview shows where kafka would run (tmux, embedded cluster);
/// `marvdash upgrade --placement/--policy` against one `marvdash sim`.
@Suite struct ConsolePlacementTests {
    @Test func cordonFromTheNodesPaneThenPreviewKafkasPlacement() throws {
        let probe = try ConsoleProbe(marvdashArguments: ["--demo"])
        let tmux = try TmuxSession.start(scriptPath: probe.scriptPath, columns: 160, rows: 45)
        defer {
            tmux.kill()
            probe.remove()
        }
        try tmux.waitFor("EDGE")
        try tmux.waitFor("free cpu")
        try tmux.sendKeys("g")
        try tmux.sendKeys("j")
        try tmux.sendKeys("c")
        try tmux.waitFor("Cordon psnc-cloud2: no new pods are scheduled on it")
        try tmux.sendKeys("y")
        try tmux.waitFor("cordoned psnc-cloud2")
        try tmux.waitFor("SchedulingDisabled")

        try tmux.sendKeys("h")
        try tmux.waitFor("Headroom for which template?")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("room for ")

        try tmux.sendKeys("3")
        try tmux.waitFor("Distributed streaming platform")
        try tmux.sendKeys("/")
        try tmux.sendKeys("kafka")
        try tmux.sendKeys("Enter")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Deploy Kafka (kafka)")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Placement: auto · spread")
        try tmux.waitFor("StatefulSet/kafka → ")
        #expect(try !tmux.screen().split(separator: "\n").contains { $0.contains("StatefulSet/kafka → ") && $0.contains("psnc-cloud2") })
        try tmux.sendKeys("p")
        try tmux.waitFor("rejected (")
        try tmux.waitFor("psnc-cloud2")
        try tmux.sendKeys("o")
        try tmux.waitFor("Placement: auto · pack")
        try tmux.sendKeys("Escape")
        try tmux.sendKeys("Escape")
        try tmux.sendKeys("q")
        #expect(ProcessRunner.waitUntil(seconds: 15) { probe.finished })
        #expect(probe.status == "0")
    }

    @Test func upgradeTakesPlacementAndPolicyAndKeepsTheRecordedOnes() throws {
        let sim = try SimProcess.start()
        defer { sim.stop() }
        let k = sim.kubeconfigArguments

        let deploy = try ProcessRunner.marvdash(["deploy", "kafka"] + k)
        #expect(deploy.status == 0, "\(deploy.stderr)")
        #expect(deploy.stdout.contains("(auto, spread)"))

        let layered = try ProcessRunner.marvdash(["upgrade", "kafka", "--placement", "layer", "--policy", "pack"] + k)
        #expect(layered.status == 0, "\(layered.stderr)")
        #expect(layered.stdout.contains("upgraded kafka to revision 2"))
        #expect(layered.stdout.contains("placed StatefulSet/kafka on layer cloud (chosen: "))
        #expect(layered.stdout.contains("(layer, pack)"))

        // No flags: the recorded placement stays; a policy alone keeps the recorded mode.
        let kept = try ProcessRunner.marvdash(["upgrade", "kafka", "--set", "SERVERS=5"] + k)
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(kept.stdout.contains("(layer, pack)"))
        let policy = try ProcessRunner.marvdash(["upgrade", "kafka", "--policy", "spread"] + k)
        #expect(policy.status == 0, "\(policy.stderr)")
        #expect(policy.stdout.contains("(layer, spread)"))

        let bad = try ProcessRunner.marvdash(["upgrade", "kafka", "--policy", "bogus"] + k)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("unknown placement policy 'bogus'"))
        let impossible = try ProcessRunner.marvdash(["upgrade", "kafka", "--placement", "node mtedge2"] + k)
        #expect(impossible.status != 0)
        #expect(impossible.stderr.contains("no node can run StatefulSet/kafka"))
    }
}
